import {
  evaluateRuntimeExpression,
  type RuntimeContext,
  type RuntimeExpression,
  type TemplatePart,
} from '../core/runtime-expression.js';
import type { PlantedCallback } from './openapi-plant.js';

/** A declared callback with what cbtest knows, after sending the request, about where it will arrive. */
export interface CallbackRoute {
  plant: PlantedCallback;
  /** The URL the producer should call; parts only its response decides stay as `{$response...}`. */
  expectedUrl: string;
  /** Regular expression source for what the producer adds after the planted URL, path part only. */
  suffixPattern: string;
}

export type Attribution = { route: CallbackRoute } | { route: null; note: string };

/** Expressions whose value cbtest knows from its own request; the response's are the producer's business. */
function knownValue(expression: RuntimeExpression, context: RuntimeContext): string | undefined {
  if (expression.kind === 'response' || expression.kind === 'statusCode') return undefined;
  return evaluateRuntimeExpression(expression, context) ?? '';
}

function slotIndex(template: readonly TemplatePart[]): number {
  return template.findIndex((part) => part.type === 'expression' && part.expression.kind === 'request');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path the producer adds after the planted URL: static text literally, unknown values as wildcards, up to `?`. */
function suffixPathPattern(parts: readonly TemplatePart[], context: RuntimeContext): string {
  let pattern = '';
  for (const part of parts) {
    const text = part.type === 'static' ? part.text : knownValue(part.expression, context);
    if (text === undefined) {
      pattern += '[^?#]*?';
      continue;
    }
    const cut = text.search(/[?#]/);
    pattern += escapeRegExp(safeDecode(cut === -1 ? text : text.slice(0, cut)));
    if (cut !== -1) break;
  }
  return pattern;
}

/** Works out, from the request as sent, where each planted callback should arrive. */
export function routeCallbacks(plants: readonly PlantedCallback[], context: RuntimeContext): CallbackRoute[] {
  return plants.map((plant) => {
    const template = plant.declaration.template;
    const expectedUrl = template
      .map((part) => {
        if (part.type === 'static') return part.text;
        return knownValue(part.expression, context) ?? `{${part.expression.text}}`;
      })
      .join('');
    return { plant, expectedUrl, suffixPattern: suffixPathPattern(template.slice(slotIndex(template) + 1), context) };
  });
}

function matchesPath(route: CallbackRoute, plantedPath: string, path: string): boolean {
  const base = escapeRegExp(safeDecode(`${plantedPath}${route.plant.route}`));
  return new RegExp(`^${base}${route.suffixPattern}/?$`).test(safeDecode(path));
}

function describeRoute(route: CallbackRoute): string {
  return `${route.plant.declaration.method} '${route.plant.declaration.event}'`;
}

/**
 * Tells which declared callback an incoming request is, by path and method. When several fit (events sharing
 * one URL), `fits` picks the first whose declaration accepts the body, else the first in document order.
 */
export function attributeCallback(
  routes: readonly CallbackRoute[],
  plantedPath: string,
  incoming: { method: string; path: string },
  fits: (route: CallbackRoute) => boolean = () => true,
): Attribution {
  if (!incoming.path.startsWith(plantedPath)) return { route: null, note: "not sent to this run's callback URL" };
  const onPath = routes.filter((route) => matchesPath(route, plantedPath, incoming.path));
  if (onPath.length === 0) {
    const declared = routes.map(describeRoute).join(', ');
    return { route: null, note: `matches no declared callback (${declared})` };
  }
  const method = incoming.method.toUpperCase();
  const candidates = onPath.filter((route) => route.plant.declaration.method === method);
  if (candidates.length === 0) {
    const allowed = [...new Set(onPath.map((route) => route.plant.declaration.method))].join(' or ');
    return { route: null, note: `${method} on callback '${onPath[0]?.plant.declaration.event}', which is declared as ${allowed}` };
  }
  const chosen = candidates.length > 1 ? (candidates.find(fits) ?? candidates[0]) : candidates[0];
  return { route: chosen! };
}
