import { UsageError } from '../../core/errors.js';
import type { OpenApiFireInput } from '../../flows/openapi-fire-prepare.js';
import { readArgumentText } from '../../cli/json-argument.js';
import type { FireMode } from './fire-mode.js';
import { httpUrl, jsonValue, requestHeaders, requiredText, type OptionSource } from './option-source.js';

export type OpenApiModeOptions = OpenApiFireInput;

/** `--param name=value` flags, or a `params` object. */
function operationParams(source: OptionSource): string[] {
  if (source.origin === 'flags') return (source.values.param as string[] | undefined) ?? [];
  const given = source.values.params;
  if (given === undefined || given === null) return [];
  if (typeof given !== 'object' || Array.isArray(given)) throw new UsageError(`${source.label('params')} must be an object of names to values`, 'e.g. params: { orderId: "12345" }');
  return Object.entries(given).map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

export const openapiMode: FireMode<OpenApiModeOptions> = {
  name: 'openapi',
  mainKey: 'spec',
  defaultTimeout: '30s',
  parse(source) {
    const specArg = requiredText(source, 'spec', `${source.label('spec')} is missing`, 'name the OpenAPI document, a YAML or JSON file');
    const operationId = requiredText(source, 'operation', `${source.label('spec')} needs ${source.label('operation')}`, `name the operationId to call, e.g. ${source.label('operation')} subscribe`);
    if (specArg === '-' && source.values.body === '-') throw new UsageError(`${source.label('spec')} - and ${source.label('body')} - cannot both read stdin`, 'pass the body inline or as @file');
    const spec = specArg === '-' ? { text: readArgumentText('-', source.label('spec')), label: 'stdin' } : { path: specArg };
    const body = jsonValue(source, 'body');
    return {
      spec,
      specLabel: specArg,
      operationId,
      ...(source.values.server === undefined ? {} : { server: httpUrl(source, 'server') }),
      ...(body === undefined ? {} : { body }),
      params: operationParams(source),
      headers: requestHeaders(source),
    };
  },
  async createFlow(options, setting) {
    const { prepareOpenApiFire } = await import('../../flows/openapi-fire-prepare.js');
    const { createOpenApiFlow } = await import('../../flows/openapi-fire.js');
    return createOpenApiFlow(await prepareOpenApiFire(options), { timeoutMs: setting.timeoutMs, countsRepeats: setting.explicitWait });
  },
};
