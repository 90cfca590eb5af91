import { request } from 'undici';
import { describeNetworkError } from '../serve/deliver.js';
import type { Confirmation } from './sender-answerers.js';

const CONFIRM_TIMEOUT_MS = 10_000;

/** GETs the sender's WebHook-Request-Callback URL; null when the run stopped it first. */
export async function confirmHandshake(url: string, signal: AbortSignal): Promise<Confirmation | null> {
  try {
    const response = await request(url, { method: 'GET', signal, headersTimeout: CONFIRM_TIMEOUT_MS, bodyTimeout: CONFIRM_TIMEOUT_MS });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return signal.aborted ? null : { error: describeNetworkError(error) };
  }
}
