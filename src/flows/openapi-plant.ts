import { UsageError } from '../core/errors.js';
import { locateCallbackSlot, type CallbackSlot } from '../core/runtime-expression.js';
import type { CallbackDeclaration } from './openapi-callbacks.js';

/** One callback declaration and where in the operation request its URL goes. */
export interface PlantedCallback {
  declaration: CallbackDeclaration;
  slot: CallbackSlot;
  /** Added to the run's callback URL: `/EVENT` when only this event reads the slot, '' when several share it. */
  route: string;
}

export interface PlantingPlan {
  planted: PlantedCallback[];
  /** Declarations whose URL does not come from the request (a fixed host, `$response...`): cbtest cannot receive them. */
  skipped: Array<{ declaration: CallbackDeclaration; reason: string }>;
}

/** Identifies a place in the request; header names are case-insensitive. */
export function slotKey(slot: CallbackSlot): string {
  if (slot.in === 'body') return `body#${slot.pointer}`;
  return `${slot.in}.${slot.in === 'header' ? slot.name.toLowerCase() : slot.name}`;
}

/** How a slot reads in messages, e.g. `body#/callbackUrl` or `query parameter 'callbackUrl'`. */
export function describeSlot(slot: CallbackSlot): string {
  if (slot.in === 'body') return slot.pointer === '' ? 'the whole body' : `body#${slot.pointer}`;
  return `${slot.in === 'path' ? 'path' : slot.in} parameter '${slot.name}'`;
}

/**
 * Decides where each declared callback's URL is planted. Each event gets its own route under the run's URL,
 * so an incoming callback can be told apart; events that read the same slot share one URL and are told apart
 * by what the producer appends (the key's suffix).
 */
export function planCallbackPlanting(declarations: readonly CallbackDeclaration[]): PlantingPlan {
  const located: Array<{ declaration: CallbackDeclaration; slot: CallbackSlot }> = [];
  const skipped: PlantingPlan['skipped'] = [];
  for (const declaration of declarations) {
    try {
      located.push({ declaration, slot: locateCallbackSlot(declaration.template) });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      skipped.push({ declaration, reason: error.message });
    }
  }
  const eventsBySlot = new Map<string, Set<string>>();
  for (const { declaration, slot } of located) {
    const events = eventsBySlot.get(slotKey(slot)) ?? new Set<string>();
    events.add(declaration.event);
    eventsBySlot.set(slotKey(slot), events);
  }
  const planted = located.map(({ declaration, slot }) => {
    const shared = (eventsBySlot.get(slotKey(slot))?.size ?? 0) > 1;
    return { declaration, slot, route: shared ? '' : `/${encodeURIComponent(declaration.event)}` };
  });
  return { planted, skipped };
}

/**
 * The text to put in the slot so that the producer, adding the key's static prefix, calls `url`.
 * A key such as `https://{$request.body#/host}` gets the URL without its scheme.
 */
export function plantedValue(plant: PlantedCallback, url: string): string {
  const prefix = plant.slot.prefix;
  if (prefix === '') return url;
  if (url.toLowerCase().startsWith(prefix.toLowerCase())) return url.slice(prefix.length);
  const scheme = prefix.replace(/:\/\/$/, '');
  const hint =
    scheme.toLowerCase() === 'https'
      ? 'add --https, --tunnel, or an https --public-url'
      : `give a ${scheme} --public-url that reaches the receiver`;
  throw new UsageError(
    `callback '${plant.declaration.event}' is sent to '${plant.declaration.keyExpression}', always ${scheme}, but the receiver is ${url.split(':')[0] ?? url}`,
    hint,
  );
}
