/** `--relay`: the receiver is reached through a `cbtest relay` channel instead of its own address. */
export interface RelayPlan {
  /** One relay URL (a load balancer) or several instances, tried in turn. */
  urls: string[];
  token: string | null;
  /** Keeps one channel across runs; null opens a fresh one. */
  channelKey: string | null;
}
