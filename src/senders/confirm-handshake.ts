import { describeNetworkError } from '../serve/network-error.js';
import type { Confirmation } from './sender-answerers.js';

const CONFIRM_TIMEOUT_MS = 10_000;

/** GETs the sender's WebHook-Request-Callback URL; null when the run stopped it first. */
export async function confirmHandshake(url: string, signal: AbortSignal): Promise<Confirmation | null> {
  try {
    // Loaded here: only a CloudEvents handshake needs it, and every command's start-up would pay for it.
    const { request } = await import('undici');
    const response = await request(url, { method: 'GET', signal, headersTimeout: CONFIRM_TIMEOUT_MS, bodyTimeout: CONFIRM_TIMEOUT_MS });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return signal.aborted ? null : { error: describeNetworkError(error) };
  }
}
