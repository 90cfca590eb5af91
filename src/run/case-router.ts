import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { CaseEndpoint } from './endpoint.js';

const PLANTED_PREFIX = '/cb/';
const NOT_OURS: CallbackVerdict = { matched: false, note: "not sent to this run's callback URL" };

/** Sends each callback to the case that owns its path (`/cb/<token>…`, or a flow's fixed path); the rest belong to nobody. */
export class CaseRouter {
  private readonly byToken = new Map<string, CaseEndpoint>();
  private readonly byPath = new Map<string, CaseEndpoint>();
  private catchAll: CaseEndpoint | null = null;

  add(endpoint: CaseEndpoint): void {
    this.byToken.set(endpoint.token, endpoint);
    for (const path of endpoint.extraPaths) this.byPath.set(path, endpoint);
    if (endpoint.catchAll) this.catchAll = endpoint;
  }

  route(path: string): CaseEndpoint | null {
    if (path.startsWith(PLANTED_PREFIX)) {
      const end = path.indexOf('/', PLANTED_PREFIX.length);
      const owner = this.byToken.get(path.slice(PLANTED_PREFIX.length, end === -1 ? undefined : end));
      if (owner) return owner;
    }
    return this.byPath.get(path) ?? this.catchAll;
  }

  classify(facts: CallbackFacts): CallbackVerdict {
    return this.route(facts.path)?.classify(facts) ?? NOT_OURS;
  }

  /** The path the user's app sees with --forward-to: the owning case's token taken off. */
  pathForApp(path: string): string {
    const owner = this.route(path);
    if (!owner || !path.startsWith(owner.path)) return path;
    return path.slice(owner.path.length) || '/';
  }
}
