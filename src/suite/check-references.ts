import { UsageError } from '../core/errors.js';
import { nearestKey } from './nearest-key.js';
import { childValue, isRecord, resolveTemplate } from './resolve-template.js';
import { InterpolatedString, type Reference } from './template.js';
import type { SourcePos, Template } from './types.js';
import { formatPos } from './yaml-source.js';

/** The names a template may use at one place in the file. */
export interface NameTable {
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Captures declared by earlier steps and cases; null where no capture can exist yet (receiver, vars). */
  captures: ReadonlyMap<string, SourcePos> | null;
  /** Every capture the file declares, to tell "declared later" from "not defined". */
  allCaptures: ReadonlyMap<string, SourcePos>;
  callbackUrl: boolean;
  /** Names the place in messages: `the receiver`, `vars`, `defaults`. */
  where: string;
}

export function referencesIn(template: Template): Reference[] {
  if (template instanceof InterpolatedString) return template.references;
  if (Array.isArray(template)) return template.flatMap(referencesIn);
  if (isRecord(template)) return Object.values(template).flatMap(referencesIn);
  return [];
}

/** True when the template only uses names known before any case runs (env, vars, secrets). */
export function isStatic(template: Template, names: Pick<NameTable, 'vars' | 'secrets'>): boolean {
  return referencesIn(template).every((ref) => ref.root === 'env' || Object.hasOwn(names.secrets, ref.root) || Object.hasOwn(names.vars, ref.root));
}

/** Every name the template uses must exist here, before anything runs: `file:line:col` exit 2 otherwise. */
export function checkReferences(template: Template, names: NameTable): void {
  for (const reference of referencesIn(template)) checkReference(reference, names);
}

/** Resolves a template that may only use names known at load; refuses captures and callbackUrl with the reason. */
export function resolveStatic(template: Template, names: NameTable, field?: string): unknown {
  checkReferences(template, { ...names, captures: null, callbackUrl: false, where: field ?? names.where });
  return resolveTemplate(template, { env: names.env, vars: names.vars, secrets: names.secrets, captures: {}, callbackUrl: '' });
}

function checkReference(reference: Reference, names: NameTable): void {
  const at = formatPos(reference.pos);
  const fail = (problem: string, hint?: string): never => {
    throw new UsageError(`${at}: '\${{ ${reference.text} }}' ${problem}`, hint);
  };
  const { root } = reference;
  if (root === 'env') {
    const name = reference.path[0]!;
    if (names.env[name] === undefined) fail(`uses env.${name}, which is not set`, `export ${name}=... before the run, or use a var`);
    return;
  }
  if (root === 'callbackUrl') {
    if (!names.callbackUrl) fail(`cannot be used in ${names.where}, which is settled before any case runs`, 'use callbackUrl in requests, sends, fire blocks, until and expect');
    if (reference.path.length > 0) fail('names a part of callbackUrl, which is text');
    return;
  }
  if (Object.hasOwn(names.secrets, root)) return checkPath(names.secrets[root], reference, fail);
  if (Object.hasOwn(names.vars, root)) return checkPath(names.vars[root], reference, fail);
  if (names.captures?.has(root)) return;
  const declared = names.allCaptures.get(root);
  if (declared) {
    if (!names.captures) fail(`uses capture '${root}', but ${names.where} is settled before any case runs`, 'captures can be used in requests, sends, fire blocks, until and expect');
    fail(`uses capture '${root}' before it is captured (at ${declared.line}:${declared.column})`, 'captures flow down: capture it in an earlier step or case');
  }
  const known = [...Object.keys(names.vars), ...Object.keys(names.secrets), ...(names.captures?.keys() ?? [])];
  const guess = nearestKey(root, known);
  fail(`uses '${root}', which is not defined`, guess ? `did you mean '${guess}'?` : `define it in vars, pass --var ${root}=..., or capture it in an earlier step`);
}

function checkPath(value: unknown, reference: Reference, fail: (problem: string) => never): void {
  let current = value;
  for (const [index, segment] of reference.path.entries()) {
    current = childValue(current, segment);
    if (current === undefined) fail(`names '${segment}', which ${[reference.root, ...reference.path.slice(0, index)].join('.')} does not have`);
  }
}
