import { describe, expect, it } from 'vitest';
import { PendingExchanges, type PendingLink } from '../../../src/receiver/pending-exchanges.js';

interface Item extends PendingLink<Item> {
  name: string;
}

const item = (name: string): Item => ({ name, previousPending: null, nextPending: null });

describe('the list of unanswered exchanges', () => {
  it('keeps arrival order, takes items out from anywhere, and ignores one taken out twice or never added', () => {
    const pending = new PendingExchanges<Item>();
    const [a, b, c, stranger] = [item('a'), item('b'), item('c'), item('stranger')];
    pending.add(a);
    pending.add(b);
    pending.add(c);
    pending.delete(b);
    pending.delete(b);
    pending.delete(stranger);
    expect([pending.size, pending.toArray().map((each) => each.name)]).toEqual([2, ['a', 'c']]);
    for (const each of pending.toArray()) pending.delete(each);
    pending.add(b);
    expect([pending.size, pending.toArray().map((each) => each.name), a.nextPending, c.previousPending]).toEqual([1, ['b'], null, null]);
  });
});
