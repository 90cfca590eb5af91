import { describe, expect, it } from 'vitest';
import type { CbEventOf } from '../../../src/core/events.js';
import { judgeReceiverFindings } from '../../../src/core/receiver-verdicts.js';

const callback = (extra: Partial<CbEventOf<'callback'>>) => ({ type: 'callback', seq: 3, response: { status: 401 }, ...extra }) as CbEventOf<'callback'>;
const nobody = () => false;

describe('judgeReceiverFindings', () => {
  it('fails a refused signature with its reason, and passes a valid one', () => {
    expect(judgeReceiverFindings(callback({ signature: 'invalid', signatureError: 'no v1 signature matches' }), nobody)).toEqual([
      { expr: 'signature', pass: false, actual: 'invalid', message: 'signature: no v1 signature matches (answered 401)' },
    ]);
    expect(judgeReceiverFindings(callback({ signature: 'valid', response: { status: 200 } }), nobody)[0]).toMatchObject({ pass: true });
  });

  it('leaves the signature to an --expect that names it', () => {
    expect(judgeReceiverFindings(callback({ signature: 'invalid' }), (member) => member === 'signature')).toEqual([]);
  });

  it('fails a schema mismatch listing every error', () => {
    const [verdict] = judgeReceiverFindings(callback({ schema: { source: 'webhooks.newPet.post', valid: false, errors: ['body/id is required', 'body/name is required'] } }), nobody);
    expect(verdict).toMatchObject({ pass: false, message: 'schema webhooks.newPet.post: body/id is required; body/name is required' });
  });

  it('says nothing about a callback nobody checked', () => {
    expect(judgeReceiverFindings(callback({}), nobody)).toEqual([]);
  });
});
