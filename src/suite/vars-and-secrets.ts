import { CbtestError, UsageError } from '../core/errors.js';
import { resolveSecretValue } from '../core/secret-value.js';
import { checkReferences, referencesIn, resolveStatic, type NameTable } from './check-references.js';
import { isRecord, resolveTemplate } from './resolve-template.js';
import { InterpolatedString } from './template.js';
import type { SourcePos, SuiteInputs, Template } from './types.js';
import { formatPos, positionOfPath, type SuiteSource } from './yaml-source.js';

const RESERVED = new Set(['env', 'callbackUrl']);

interface Known {
  source: SuiteSource;
  env: SuiteInputs['env'];
  allCaptures: ReadonlyMap<string, SourcePos>;
}

/**
 * The file's `vars` with `--var` on top. A var may use env and other vars (in any order: each is resolved
 * when first needed); a cycle, a secret, a capture or callbackUrl is an error at the reference.
 */
export function resolveVars(fileVars: Template, flagVars: Record<string, unknown>, known: Known): Record<string, unknown> {
  const templates = isRecord(fileVars) ? fileVars : {};
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flagVars)) resolved[name] = value;
  const inProgress = new Set<string>();

  const resolve = (name: string): void => {
    if (Object.hasOwn(resolved, name)) return;
    inProgress.add(name);
    const template = templates[name];
    for (const reference of referencesIn(template)) {
      if (inProgress.has(reference.root)) {
        throw new UsageError(`${formatPos(reference.pos)}: var '${name}' uses '${reference.root}', which uses '${name}' again`, 'break the cycle');
      }
      if (Object.hasOwn(templates, reference.root)) resolve(reference.root);
    }
    const names: NameTable = { env: known.env, vars: resolved, secrets: {}, captures: null, allCaptures: known.allCaptures, callbackUrl: false, where: 'vars' };
    checkReferences(template, names);
    resolved[name] = resolveTemplate(template, { env: known.env, vars: resolved, secrets: {}, captures: {}, callbackUrl: '' });
    inProgress.delete(name);
  };
  for (const name of Object.keys(templates)) {
    refuseReserved(name, ['vars', name], known.source);
    resolve(name);
  }
  return resolved;
}

/** The file's `secrets` (`--secret` on top), each a literal, env:NAME, @file (beside the suite) or text with `${{ }}`. */
export function resolveSecrets(
  fileSecrets: Template,
  inputs: Pick<SuiteInputs, 'secrets' | 'readFile'>,
  vars: Record<string, unknown>,
  known: Known & { dir: string },
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(isRecord(fileSecrets) ? fileSecrets : {})) {
    refuseReserved(name, ['secrets', name], known.source);
    if (Object.hasOwn(vars, name)) {
      const pos = positionOfPath(known.source, ['secrets', name], 'key');
      throw new UsageError(`${formatPos(pos)}: '${name}' is both a var and a secret`, 'give one of them another name');
    }
    if (Object.hasOwn(inputs.secrets, name)) continue;
    const names: NameTable = { env: known.env, vars, secrets: {}, captures: null, allCaptures: known.allCaptures, callbackUrl: false, where: 'secrets' };
    resolved[name] = resolveSecretField(value, `secrets.${name}`, positionOfPath(known.source, ['secrets', name]), names, { ...inputs, dir: known.dir });
  }
  return { ...resolved, ...inputs.secrets };
}

/**
 * A value in the secret syntax (`verify.secret`, `relayToken`, `clientSecret`, `send.secret`, a `secrets` entry):
 * plain text is read as literal / env:NAME / @file; text with `${{ }}` of load-time names is interpolated.
 */
export function resolveSecretField(
  value: Template,
  label: string,
  pos: SourcePos,
  names: NameTable,
  io: Pick<SuiteInputs, 'readFile'> & { dir: string },
): string {
  if (value instanceof InterpolatedString) return String(resolveStatic(value, names));
  const readFile = (path: string): string => {
    if (!io.readFile) throw new UsageError(`${label} @${path}: files cannot be read here`);
    return io.readFile(joinPath(io.dir, path));
  };
  try {
    return resolveSecretValue(String(value), { env: names.env, readFile }, label);
  } catch (error) {
    if (error instanceof CbtestError) throw new UsageError(`${formatPos(pos)}: ${error.message}`, error.hint);
    throw error;
  }
}

/** Relative paths in a suite are relative to the suite's folder, like `expectSchema` and `openapi.spec`. */
export function joinPath(dir: string, path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || dir === '') return path;
  return `${dir.replace(/[\\/]+$/, '')}/${path}`;
}

export function refuseReserved(name: string, path: (string | number)[], source: SuiteSource): void {
  if (!RESERVED.has(name)) return;
  const pos = positionOfPath(source, path, 'key');
  throw new UsageError(`${formatPos(pos)}: '${name}' is a reserved name`, 'env and callbackUrl are built in: choose another name');
}
