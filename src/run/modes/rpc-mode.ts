import { UsageError } from '../../core/errors.js';
import { parseRpcId } from '../../core/rpc-id.js';
import type { RpcFireOptions } from '../../flows/rpc.js';
import type { FireMode } from './fire-mode.js';
import { httpUrl, jsonValue, optionalText, requestHeaders, requiredText, type OptionSource } from './option-source.js';

export type RpcModeOptions = Omit<RpcFireOptions, 'timeoutMs' | 'id'> & { id: string | number | null };

function parseId(source: OptionSource): string | number | null {
  const value = source.values.id;
  if (value === undefined || value === null) return null;
  if (source.origin === 'flags') return parseRpcId(String(value), () => '');
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') return value;
  throw new UsageError(`${source.label('id')} must be a string or a number`, 'e.g. id: 42 or id: order-1');
}

export const rpcMode: FireMode<RpcModeOptions> = {
  name: 'rpc',
  mainKey: 'url',
  defaultTimeout: '30s',
  parse(source) {
    const url = httpUrl(source, 'url');
    const method = requiredText(source, 'method', `${source.label('url')} needs ${source.label('method')}`, `e.g. ${source.label('method')} OrderService.processOrder`);
    const params = jsonValue(source, 'params') ?? {};
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new UsageError(`${source.label('params')} must be a JSON object`, `the callback URL is added to it as "$rpc.callback", e.g. ${source.label('params')} '{"orderId":"12345"}'`);
    }
    const version = optionalText(source, 'jsonrpcVersion') ?? '2.0';
    if (version !== '2.0' && version !== 'none') throw new UsageError(`${source.label('jsonrpcVersion')} '${version}' is not 2.0 or none`, `use ${source.label('jsonrpcVersion')} 2.0 or none`);
    return { url, method, params: params as Record<string, unknown>, id: parseId(source), jsonrpcVersion: version, headers: requestHeaders(source) };
  },
  async createFlow(options, setting) {
    const { createRpcFlow } = await import('../../flows/rpc.js');
    const { randomBytes } = await import('node:crypto');
    return createRpcFlow({ ...options, id: options.id ?? `cbtest-${randomBytes(4).toString('hex')}`, timeoutMs: setting.timeoutMs });
  },
};
