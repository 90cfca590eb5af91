import { UsageError } from '../../core/errors.js';
import { parseJsonPointer, setAtPointer } from '../../core/json-pointer.js';
import type { CancelMethod, SubscribeFireOptions } from '../../flows/subscribe.js';
import type { FireMode } from './fire-mode.js';
import { durationMs, httpUrl, jsonValue, optionalText, requestHeaders } from './option-source.js';

export type SubscribeModeOptions = Omit<SubscribeFireOptions, 'timeoutMs'>;

const CANCELS: readonly CancelMethod[] = ['put', 'delete', 'none'];

export const subscribeMode: FireMode<SubscribeModeOptions> = {
  name: 'subscribe',
  mainKey: 'url',
  defaultTimeout: '30s',
  parse(source) {
    const url = httpUrl(source, 'url');
    const body = jsonValue(source, 'body') ?? {};
    const callbackPointer = optionalText(source, 'callbackPointer') ?? '/callbackUrl';
    parseJsonPointer(callbackPointer, source.label('callbackPointer'));
    try {
      setAtPointer(body, callbackPointer, 'https://callback.example');
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`${source.label('callbackPointer')} ${error.message}`, `point it at a member of ${source.label('body')}, e.g. /callbackUrl or /subscriber/url`);
    }
    const cancel = (optionalText(source, 'cancel') ?? 'put') as CancelMethod;
    if (!CANCELS.includes(cancel)) throw new UsageError(`${source.label('cancel')} '${cancel}' is not put, delete or none`, `e.g. ${source.label('cancel')} delete`);
    return { url, body, callbackPointer, cancel, graceMs: durationMs(source, 'grace', '500ms'), headers: requestHeaders(source) };
  },
  async createFlow(options, setting) {
    const { createSubscribeFlow } = await import('../../flows/subscribe.js');
    return createSubscribeFlow({ ...options, timeoutMs: setting.timeoutMs });
  },
};
