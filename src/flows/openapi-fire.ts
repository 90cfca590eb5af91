import { TransportError } from '../core/errors.js';
import type { CbEventOf } from '../core/events.js';
import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { Flow, FlowCheck, FlowContext } from './flow.js';
import { attributeCallback, routeCallbacks, type Attribution, type CallbackRoute } from './openapi-attribution.js';
import { bodyFits, checkCallbackBody, responseHintFor } from './openapi-fire-checks.js';
import type { PreparedOpenApiFire } from './openapi-fire-prepare.js';
import { describeSlot, plantedValue, type PlantedCallback } from './openapi-plant.js';
import { assembleOperationRequest } from './openapi-request.js';
import { describeAnswer, exchange } from './http-exchange.js';

export interface OpenApiFlowOptions {
  timeoutMs: number;
  /** With --count or --until every callback of a declared event counts; by default only the first of each. */
  countsRepeats: boolean;
}

/**
 * OpenAPI callbacks: plant the receiver's URL wherever each callback's key expression reads it, send the
 * operation, then attribute each callback to its declaration, answer with its 2xx and check its body schema.
 */
export function createOpenApiFlow(prepared: PreparedOpenApiFire, options: OpenApiFlowOptions): Flow {
  const plants = prepared.plan.planted;
  const events = [...new Set(plants.map((plant) => plant.declaration.event))];
  const counted = new Set<string>();
  let routes: CallbackRoute[] | null = null;
  let plantedPath = '';

  const attribute = (incoming: Pick<CbEventOf<'callback'>, 'method' | 'path' | 'body' | 'bodyText'>, path: string): Attribution => {
    if (!routes) return { route: null, note: 'arrived before the operation request was sent' };
    const fits = (route: CallbackRoute) => bodyFits(prepared.validators.get(route.plant.declaration) ?? null, incoming);
    return attributeCallback(routes, path, incoming, fits);
  };

  return {
    title: prepared.title,
    awaited: {
      count: events.length,
      description: events.length === 1 ? `the '${events[0]}' callback` : `callbacks ${events.map((event) => `'${event}'`).join(', ')}`,
    },
    classify(facts: CallbackFacts, path: string): CallbackVerdict {
      plantedPath = path;
      const found = attribute(facts, path);
      if (!found.route) return { matched: false, note: found.note };
      const { event } = found.route.plant.declaration;
      const responseHint = responseHintFor(found.route.plant.declaration);
      if (!options.countsRepeats && counted.has(event)) {
        return { matched: false, note: `another '${event}' callback: only the first counts (pass --count N to count repeats)`, responseHint };
      }
      counted.add(event);
      return { matched: true, responseHint };
    },
    async start(context: FlowContext) {
      const url = (plant: PlantedCallback) => `${context.plantedUrl}${plant.route}`;
      const plantings = plants.map((plant) => ({ slot: plant.slot, value: plantedValue(plant, url(plant)) }));
      const request = assembleOperationRequest(prepared.request, plantings);
      routes = routeCallbacks(plants, request.context);
      for (const skipped of prepared.plan.skipped) context.say(`not waiting for callback '${skipped.declaration.event}': ${skipped.reason}`);
      for (const route of routes) {
        const { declaration, slot } = route.plant;
        context.say(`callback '${declaration.event}' (${declaration.method}): URL planted at ${describeSlot(slot)}, expected at ${route.expectedUrl}`);
      }
      const answer = await exchange(
        { label: 'openapi', method: request.method, url: request.url, headers: request.headers, body: request.body, signal: context.signal, timeoutMs: options.timeoutMs },
        context.append,
      );
      if (answer.status < 200 || answer.status > 299) {
        throw new TransportError(`${request.method} ${request.url} (${prepared.operationId}) answered ${describeAnswer(answer)}`);
      }
    },
    check(callback): FlowCheck[] {
      const found = attribute(callback, plantedPath);
      if (!found.route) return [];
      const validate = prepared.validators.get(found.route.plant.declaration);
      return validate ? [checkCallbackBody(found.route.plant.declaration, validate, callback)] : [];
    },
    async finish(context: FlowContext) {
      const missing = events.filter((event) => !counted.has(event));
      if (routes && missing.length > 0 && missing.length < events.length) {
        context.say(`no callback had arrived for ${missing.map((event) => `'${event}'`).join(', ')} when the run ended`);
      }
    },
  };
}
