import type { DeliveryTimeline, EventDraft } from '../core/events.js';
import type { CustomKey } from '../deliveries/delivery-key.js';
import { DeliveryTracker } from '../deliveries/delivery-tracker.js';
import { confirmHandshake } from './confirm-handshake.js';
import type { ExtraAnswerers } from '../receiver/answerer.js';
import type { PreparedSignature } from '../signatures/registry.js';
import { recordingDeliveries } from './delivery-recording.js';
import { annotateCloudEvents, answerByWebhookSchema, answerCloudEventsHandshake, answerSignature } from './sender-answerers.js';

/** What testing a webhook sender adds to a receiver, decided from the flags (see cli/options/sender-options.ts). */
export interface SenderChecksPlan {
  verify: PreparedSignature | null;
  /** --delivery-key QUERY (a JSONPath over the callback); null reads the documented headers. */
  deliveryKey: string | null;
  /** listen --openapi SPEC [--webhook NAME]. */
  openapi: { spec: string; webhook: string | null } | null;
}

export const noSenderChecks: SenderChecksPlan = { verify: null, deliveryKey: null, openapi: null };

/** The receiver's part in testing a sender: answerers, the delivery-aware record, and what the result lists. */
export interface SenderChecks {
  answerers: ExtraAnswerers;
  record: (draft: EventDraft) => void;
  /** Each key's attempts on the URLs of one owner (a case's planted path: see `ownerOf`), for its result. */
  deliveriesOf(owner: string): DeliveryTimeline[];
  /** Stops a handshake confirmation still in flight. */
  close(): void;
}

/**
 * Builds them before the receiver starts: an OpenAPI document that cannot be read is a usage error (exit 2) here.
 * `append` is the run's event store; the CloudEvents confirmation GET is recorded there as a request and its ack.
 */
export async function startSenderChecks(
  plan: SenderChecksPlan,
  append: (draft: EventDraft) => void,
  /** --status, which wins over the status the document declares. */
  userStatus: number | null = null,
  /** Who a callback's path belongs to (a run's case); every owner tracks its deliveries apart. */
  ownerOf: (path: string) => string = () => '',
): Promise<SenderChecks> {
  const trackers = new Map<string, DeliveryTracker>();
  const trackerFor = (path: string): DeliveryTracker => {
    const owner = ownerOf(path);
    let tracker = trackers.get(owner);
    if (!tracker) trackers.set(owner, (tracker = new DeliveryTracker()));
    return tracker;
  };
  const stop = new AbortController();
  const confirm = (url: string) => confirmHandshake(url, stop.signal);
  const schemaAnswerers = plan.openapi ? [answerByWebhookSchema(await loadWebhooks(plan.openapi), userStatus)] : [];
  return {
    answerers: {
      handshake: [answerCloudEventsHandshake(append, confirm), annotateCloudEvents()],
      signature: plan.verify ? [answerSignature(plan.verify)] : [],
      script: schemaAnswerers,
    },
    record: recordingDeliveries(append, trackerFor, plan.deliveryKey === null ? null : await compileDeliveryKey(plan.deliveryKey)),
    deliveriesOf: (owner) => trackers.get(owner)?.timelines() ?? [],
    close: () => stop.abort(),
  };
}

async function loadWebhooks(openapi: { spec: string; webhook: string | null }) {
  const [{ loadOpenApiSpec }, { selectWebhooks }] = await Promise.all([import('../flows/openapi-spec.js'), import('../flows/openapi-webhooks.js')]);
  const doc = await loadOpenApiSpec(openapi.spec);
  return selectWebhooks(doc, `--openapi ${openapi.spec}`, openapi.webhook);
}

/** --delivery-key QUERY: the value at that JSONPath of the callback (`$.body.event_id`); a bad query is exit 2. */
async function compileDeliveryKey(query: string): Promise<CustomKey> {
  const { evaluateExpectation, parseExpectation } = await import('../core/assertions/index.js');
  const expectation = parseExpectation(`${query} exists`, '--delivery-key');
  return (subject) => {
    const verdict = evaluateExpectation(expectation, subject);
    return verdict.found ? verdict.actual : undefined;
  };
}
