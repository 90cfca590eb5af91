/**
 * How far a client is done with its channel. Entries arrive in stream order but their local answers finish in any
 * order; the watermark is the last id before which every entry is done, so a client that starts afresh after it
 * skips nothing.
 */
export class AckWatermark {
  private readonly order: string[] = [];
  private head = 0;
  private readonly done = new Set<string>();

  track(id: string): void {
    this.order.push(id);
  }

  /** Marks an entry done; returns the new watermark when it moved, else null. */
  complete(id: string): string | null {
    this.done.add(id);
    let moved: string | null = null;
    while (this.head < this.order.length && this.done.has(this.order[this.head]!)) {
      moved = this.order[this.head]!;
      this.done.delete(moved);
      this.head += 1;
    }
    // Drop the finished prefix now and then, so a long run does not keep every id.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return moved;
  }

  /** Entries received whose answer is not done yet. */
  get pending(): number {
    return this.order.length - this.head;
  }
}
