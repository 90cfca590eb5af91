import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Deadline, DeadlineList } from '../../../src/receiver/deadline-list.js';

type Step = { op: 'add'; at: number } | { op: 'remove'; pick: number } | { op: 'due'; now: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), at: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('due' as const), now: fc.integer({ min: 0, max: 50 }) }),
);

describe('the deadlines of the bodies being read', () => {
  it('hands out each due deadline exactly once and keeps every other, whatever the order of adds and removes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const list = new DeadlineList();
        // The model: the deadlines still waiting, by the name the test gave them.
        const waiting = new Map<string, Deadline>();
        const expired: string[] = [];
        let names = 0;
        for (const each of steps) {
          if (each.op === 'add') {
            const name = `d${names++}`;
            waiting.set(name, list.add(each.at, () => expired.push(name)));
          } else if (each.op === 'remove') {
            const all = [...waiting.keys()];
            // Removing one already gone (or never there) must change nothing.
            const name = all.length === 0 ? null : all[each.pick % all.length]!;
            if (name !== null) {
              list.remove(waiting.get(name)!);
              list.remove(waiting.get(name)!);
              waiting.delete(name);
            }
          } else {
            const shouldExpire = [...waiting].filter(([, deadline]) => deadline.at <= each.now).map(([name]) => name);
            expired.length = 0;
            for (const deadline of list.due(each.now)) deadline.expire();
            expect([...expired].sort()).toEqual([...shouldExpire].sort());
            for (const name of shouldExpire) waiting.delete(name);
          }
          expect(list.size).toBe(waiting.size);
        }
        // What is left is exactly what the model still waits for.
        expired.length = 0;
        for (const deadline of list.due(Number.MAX_SAFE_INTEGER)) deadline.expire();
        expect([...expired].sort()).toEqual([...waiting.keys()].sort());
      }),
    );
  });
});
