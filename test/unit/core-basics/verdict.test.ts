import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../src/core/verdict.js';

const none = { firstFailure: null, failures: 0, error: null };

describe('decideVerdict maps what happened to the contract exit codes', () => {
  it('0 when satisfied, or when nothing was awaited', () => {
    expect(decideVerdict({ ...none, wait: { kind: 'satisfied' } })).toEqual({ pass: true, exitCode: 0 });
    expect(decideVerdict({ ...none, wait: { kind: 'nothing-awaited' } })).toEqual({ pass: true, exitCode: 0 });
  });
  it('1 for a failed assertion, counting the others', () => {
    expect(decideVerdict({ wait: { kind: 'failed-fast' }, firstFailure: '$.a == 1: got 2', failures: 3, error: null })).toEqual({
      pass: false,
      exitCode: 1,
      reason: 'assertion failed: $.a == 1: got 2 (and 2 more)',
    });
  });
  it('3 for a timeout, saying what was awaited and what arrived', () => {
    const verdict = decideVerdict({ ...none, wait: { kind: 'timeout', awaited: 'the callback with id 1', matched: 0, expected: 1, unmatched: 2, timeoutMs: 1500 } });
    expect(verdict).toEqual({ pass: false, exitCode: 3, reason: 'timed out after 1.5s waiting for the callback with id 1 (0 of 1 arrived; 2 other requests did not match)' });
  });
  it('the error that stopped the run wins over the timeout it caused', () => {
    const verdict = decideVerdict({ ...none, error: { exitCode: 4, message: 'refused' }, wait: { kind: 'timeout', awaited: 'x', matched: 0, expected: 1, unmatched: 0, timeoutMs: 1 } });
    expect(verdict).toEqual({ pass: false, exitCode: 4, reason: 'refused' });
  });
  it('130 for Ctrl-C while waiting, 143 for SIGTERM, 0 when nothing was awaited', () => {
    expect(decideVerdict({ ...none, wait: { kind: 'interrupted', signal: 'SIGINT', waiting: true } }).exitCode).toBe(130);
    expect(decideVerdict({ ...none, wait: { kind: 'interrupted', signal: 'SIGTERM', waiting: true } }).exitCode).toBe(143);
    expect(decideVerdict({ ...none, wait: { kind: 'interrupted', signal: 'quit', waiting: false } }).exitCode).toBe(0);
  });
});
