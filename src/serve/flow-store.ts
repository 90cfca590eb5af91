import { randomUUID } from 'node:crypto';

/** What the external system sent to the trigger URL, and who it said it was. */
export interface Activation {
  triggerData: Record<string, unknown>;
  user: Record<string, unknown> | null;
}

export interface Flow {
  flowId: string;
  triggerId: string;
  state: 'waiting' | 'activated';
  createdAt: string;
  activatedAt: string | null;
  /** Resolves once the trigger is activated. */
  activated: Promise<Activation>;
}

interface StoredFlow extends Flow {
  resolve(activation: Activation): void;
}

const MAX_FLOWS = 1_000;

export function triggerPath(flow: Pick<Flow, 'flowId' | 'triggerId'>): string {
  return `/api/automation/flow/${flow.flowId}/trigger/${flow.triggerId}/activate`;
}

/** Paused flows, each waiting for its trigger URL to be called once. */
export class FlowStore {
  readonly #flows = new Map<string, StoredFlow>();

  create(): Flow {
    let resolve: (activation: Activation) => void = () => {};
    const activated = new Promise<Activation>((done) => {
      resolve = done;
    });
    const flow: StoredFlow = {
      flowId: randomUUID().toUpperCase(),
      triggerId: randomUUID().toUpperCase(),
      state: 'waiting',
      createdAt: new Date().toISOString(),
      activatedAt: null,
      activated,
      resolve,
    };
    this.#flows.set(flow.flowId, flow);
    this.#forgetOldest();
    return flow;
  }

  get(flowId: string): Flow | undefined {
    return this.#flows.get(flowId.toUpperCase());
  }

  /** Activates a waiting flow; false when it was activated before. */
  activate(flowId: string, activation: Activation): boolean {
    const flow = this.#flows.get(flowId.toUpperCase());
    if (!flow || flow.state !== 'waiting') return false;
    flow.state = 'activated';
    flow.activatedAt = new Date().toISOString();
    flow.resolve(activation);
    return true;
  }

  // A long-running demo server must not grow without bound: drop the oldest finished flows first.
  #forgetOldest(): void {
    if (this.#flows.size <= MAX_FLOWS) return;
    for (const [id, flow] of this.#flows) {
      if (flow.state === 'activated') this.#flows.delete(id);
      if (this.#flows.size <= MAX_FLOWS) return;
    }
    const oldest = this.#flows.keys().next();
    if (!oldest.done) this.#flows.delete(oldest.value);
  }
}
