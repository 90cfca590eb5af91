/** Default bound on the bytes of bodies held at once, whatever --body-limit allows each. */
export const DEFAULT_INFLIGHT_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of request bodies the receiver holds at once. A body that would go over is refused with 503 and
 * Retry-After instead of being held, so a stream of large bodies cannot grow memory without bound.
 */
export class InflightBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Charges `bytes` when they fit; a single body is always let in when nothing else is held. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.limit && this.used > 0) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}
