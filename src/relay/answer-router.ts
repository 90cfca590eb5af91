import { randomBytes } from 'node:crypto';
import { answerChannelOf } from './channel-keys.js';
import type { RedisConnection } from './channel-store.js';
import type { RelayedAnswer } from './relay-protocol.js';

export type ProducerAnswer = Omit<RelayedAnswer, 'reply'>;

interface Waiting {
  resolve(answer: ProducerAnswer | null): void;
  timer: NodeJS.Timeout;
}

/**
 * Carries each client answer to the instance holding the producer's request. Every instance listens on its own
 * pub/sub channel; an answer is published there (or handed over in memory when the producer is held here).
 * Pub/sub is enough: if that instance is gone, so is the producer's connection, and nobody waits for the answer.
 */
export class AnswerRouter {
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly waiting = new Map<string, Waiting>();
  private nextRequest = 0;

  private constructor(private readonly publisher: RedisConnection) {}

  static async start(publisher: RedisConnection, subscriber: RedisConnection): Promise<AnswerRouter> {
    const router = new AnswerRouter(publisher);
    await subscriber.subscribe(answerChannelOf(router.instanceId), (message) => router.receive(message));
    return router;
  }

  /** A reply address for a new producer request, and the answer (or null after `timeoutMs`). */
  expect(timeoutMs: number): { reply: string; answer: Promise<ProducerAnswer | null>; cancel(): void } {
    this.nextRequest += 1;
    const rid = this.nextRequest.toString(36);
    let settle: (answer: ProducerAnswer | null) => void = () => undefined;
    const answer = new Promise<ProducerAnswer | null>((resolve) => {
      settle = resolve;
    });
    const timer = setTimeout(() => this.settle(rid, null), timeoutMs);
    this.waiting.set(rid, { resolve: settle, timer });
    return { reply: `${this.instanceId}.${rid}`, answer, cancel: () => this.settle(rid, null) };
  }

  /** Routes a client's answers: one publish per instance that waits for some of them. */
  async deliver(answers: RelayedAnswer[]): Promise<void> {
    const byInstance = new Map<string, Array<ProducerAnswer & { rid: string }>>();
    for (const { reply, ...answer } of answers) {
      const dot = reply.indexOf('.');
      if (dot <= 0) continue;
      const instance = reply.slice(0, dot);
      const rid = reply.slice(dot + 1);
      if (instance === this.instanceId) this.settle(rid, answer);
      else byInstance.set(instance, [...(byInstance.get(instance) ?? []), { rid, ...answer }]);
    }
    await Promise.all([...byInstance].map(([instance, batch]) => this.publisher.publish(answerChannelOf(instance), JSON.stringify(batch))));
  }

  /** Ends every wait (the instance is closing). */
  close(): void {
    for (const rid of [...this.waiting.keys()]) this.settle(rid, null);
  }

  private receive(message: string): void {
    let batch: Array<ProducerAnswer & { rid: string }>;
    try {
      batch = JSON.parse(message) as typeof batch;
    } catch {
      return;
    }
    for (const { rid, ...answer } of batch) this.settle(rid, answer);
  }

  private settle(rid: string, answer: ProducerAnswer | null): void {
    const waiting = this.waiting.get(rid);
    if (!waiting) return;
    this.waiting.delete(rid);
    clearTimeout(waiting.timer);
    waiting.resolve(answer);
  }
}
