/** A deadline in a {@link DeadlineList}: when it falls due, and what to do then. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
  /** Where it sits in its list, or -1 once it has left; only the list writes it. */
  index: number;
}

/**
 * The bodies being read, each with its deadline. Adding and removing are O(1) (a removed one swaps with the last),
 * so a finished body leaves at once: a list swept only every tick kept every finished body's closure alive for that
 * tick, and under load that much short-lived garbage surviving a scavenge was a measurable part of the cost.
 */
export class DeadlineList {
  readonly #items: Deadline[] = [];

  get size(): number {
    return this.#items.length;
  }

  add(at: number, expire: () => void): Deadline {
    const deadline: Deadline = { at, expire, index: this.#items.length };
    this.#items.push(deadline);
    return deadline;
  }

  remove(deadline: Deadline): void {
    const index = deadline.index;
    if (index < 0) return;
    const last = this.#items.pop()!;
    if (last !== deadline) {
      this.#items[index] = last;
      last.index = index;
    }
    deadline.index = -1;
  }

  /** Takes out every deadline due by `now` and returns them; the rest stay. */
  due(now: number): Deadline[] {
    const due: Deadline[] = [];
    for (let index = this.#items.length - 1; index >= 0; index--) {
      const deadline = this.#items[index]!;
      if (deadline.at <= now) {
        due.push(deadline);
        this.remove(deadline);
      }
    }
    return due;
  }
}
