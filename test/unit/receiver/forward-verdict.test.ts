import { describe, expect, it } from 'vitest';
import { forwardFailure } from '../../../src/receiver/forward-verdict.js';

const gate = { gated: true, expectNamesForward: false };

describe('forwardFailure: when a forwarded callback fails the gate', () => {
  it('names the app and its 5xx answer', () => {
    expect(forwardFailure({ seq: 4, forward: { url: 'http://127.0.0.1:3000/hooks', status: 503, bodyPreview: 'down for maintenance' } }, gate)?.message).toBe(
      'your app at http://127.0.0.1:3000/hooks answered 503 to callback #4: down for maintenance',
    );
  });
  it('names why an app that could not take it failed', () => {
    expect(forwardFailure({ seq: 2, forward: { url: 'http://127.0.0.1:9/', error: 'app at http://127.0.0.1:9 is not answering (ECONNREFUSED)' } }, gate)?.message).toBe(
      'callback #2 could not be forwarded: app at http://127.0.0.1:9 is not answering (ECONNREFUSED)',
    );
  });
  it('lets 2xx and 4xx answers through, and everything when no gate or an --expect names forward', () => {
    const failed = { forward: { url: 'http://a/', status: 500 } };
    expect(forwardFailure({ forward: { url: 'http://a/', status: 200 } }, gate)).toBeNull();
    expect(forwardFailure({ forward: { url: 'http://a/', status: 404 } }, gate)).toBeNull();
    expect(forwardFailure(failed, { gated: false, expectNamesForward: false })).toBeNull();
    expect(forwardFailure(failed, { gated: true, expectNamesForward: true })).toBeNull();
    expect(forwardFailure({}, gate)).toBeNull();
  });
});
