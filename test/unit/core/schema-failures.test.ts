import { describe, expect, it } from 'vitest';
import { compileBodySchema } from '../../../src/core/assertions/index.js';
import { describeSchemaFailures } from '../../../src/core/assertions/schema-failures.js';
import { formatEventLine } from '../../../src/core/format-event.js';
import { Judge } from '../../../src/run/judge.js';

const schema = { type: 'object', required: ['id', 'name', 'tag'], properties: { amount: { type: 'number' } } };

describe('every schema error is shown', () => {
  it('lists each failure, none summarised as "+N more"', () => {
    const failures = compileBodySchema(schema)({ amount: '12' });
    expect(describeSchemaFailures(failures)).toBe('body/id is required; body/name is required; body/tag is required; body/amount must be number (got "12")');
  });

  it('in the judge and in the plain line', () => {
    const judge = new Judge({ expectations: [], until: null, flow: null, schemas: [{ label: '--expect-schema pet.json', validate: compileBodySchema(schema) }] });
    const callback = { type: 'callback', seq: 4, at: '2026-01-01T00:00:00.000Z', body: { amount: '12', pad: 'x'.repeat(400) } } as never;
    const [draft] = judge.judge(callback);
    expect(draft!.message).not.toMatch(/more\)/);
    const line = formatEventLine({ type: 'assertion', seq: 5, at: '2026-01-01T00:00:00.000Z', ...draft! }).text;
    for (const member of ['id', 'name', 'tag', 'amount']) expect(line).toContain(`body/${member}`);
  });
});
