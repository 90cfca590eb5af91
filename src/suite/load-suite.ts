import { UsageError } from '../core/errors.js';
import { redactSecretsInText } from '../core/redact.js';
import { buildCase, type CaseContext } from './build-case.js';
import { toDuration, toWholeNumber } from './build-wait.js';
import { checkReferences, isStatic, resolveStatic, type NameTable } from './check-references.js';
import { compileDocument } from './compile-nodes.js';
import { isRecord } from './resolve-template.js';
import type { SourcePos, SuiteFile, SuiteInputs, Template } from './types.js';
import { validateSuite } from './validate-suite.js';
import { resolveSecretField, resolveSecrets, resolveVars } from './vars-and-secrets.js';
import { parseSuiteSource, positionOfPath, type SuiteSource } from './yaml-source.js';

type Block = Record<string, Template>;

/** Receiver fields in the secret syntax, by path inside `receiver`. */
const RECEIVER_SECRETS: string[][] = [['verify', 'secret'], ['relayToken'], ['relayKey']];

/**
 * Parses, validates and checks a whole suite before anything runs: a YAML error, a schema error, an undefined
 * name, an unset env var, a bad `${{ }}` or a capture used before it is captured is a usage error (exit 2)
 * at `file:line:column`. Pure: the text is given, and files (`@file` secrets) are read through `inputs.readFile`.
 */
export function loadSuiteFile(path: string, text: string, inputs: SuiteInputs): SuiteFile {
  const source = parseSuiteSource(path, text);
  validateSuite(source, source.document.toJS());
  const root = compileDocument(source) as Block;
  const dir = inputs.folder ?? folderOf(path);
  const allCaptures = declaredCaptures(source, root);
  const known = { source, env: inputs.env, allCaptures };
  const vars = resolveVars(root.vars, inputs.vars, known);
  const secrets = resolveSecrets(root.secrets, inputs, vars, { ...known, dir });
  const secretValues = new Set(Object.values(secrets));
  try {
    return buildSuite(path, root, source, { inputs, dir, known, vars, secrets, secretValues });
  } catch (error) {
    // A message quotes the value it refuses (an --expect after interpolation): never with a secret in it.
    if (error instanceof UsageError) throw new UsageError(redactSecretsInText(error.message, [...secretValues]), error.hint === undefined ? undefined : redactSecretsInText(error.hint, [...secretValues]));
    throw error;
  }
}

interface Loaded {
  inputs: SuiteInputs;
  dir: string;
  known: { source: SuiteSource; env: SuiteInputs['env']; allCaptures: Map<string, SourcePos> };
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
  secretValues: Set<string>;
}

function buildSuite(path: string, root: Block, source: SuiteSource, loaded: Loaded): SuiteFile {
  const { inputs, dir, known, vars, secrets, secretValues } = loaded;
  const allCaptures = known.allCaptures;
  const names: NameTable = { env: inputs.env, vars, secrets, captures: null, allCaptures, callbackUrl: false, where: 'the receiver' };
  const receiver = buildReceiver(root.receiver, source, names, secretValues, { dir, ...(inputs.readFile ? { readFile: inputs.readFile } : {}) });
  const defaults = buildDefaults(root.defaults, source, { ...names, where: 'defaults' });
  const declared = new Map<string, SourcePos>();
  const context: CaseContext = {
    source,
    dir,
    names: { ...names, captures: declared, callbackUrl: true, where: 'a case' },
    defaults,
    declared,
    secretValues,
    ...(inputs.readFile ? { readFile: inputs.readFile } : {}),
  };
  const built = (root.cases as Block[]).map((raw, index) => buildCase(raw, index, context));
  const name = root.name === undefined ? fileName(path) : String(resolveStatic(root.name, names, 'the suite name'));
  // Names reach lines, reports and every event's `case`: a secret used in one is shown redacted there too.
  const hide = (text: string): string => redactSecretsInText(text, [...secretValues]);
  const cases = built.map((item) => ({ ...item, name: hide(item.name) }));
  return { path, name: hide(name), receiver, defaults, secretValues: [...secretValues].filter((value) => value !== ''), cases, vars, secrets };
}

function buildReceiver(raw: Template, source: SuiteSource, names: NameTable, secretValues: Set<string>, io: { dir: string; readFile?: (path: string) => string }): Block {
  if (!isRecord(raw)) return {};
  checkReferences(raw, names);
  const receiver: Block = structuredCopy(raw);
  for (const fieldPath of RECEIVER_SECRETS) {
    const parent = fieldPath.slice(0, -1).reduce<Template>((node, key) => (isRecord(node) ? node[key] : undefined), receiver);
    const key = fieldPath[fieldPath.length - 1]!;
    if (!isRecord(parent) || parent[key] === undefined || !isStatic(parent[key], names)) continue;
    const pos = positionOfPath(source, ['receiver', ...fieldPath]);
    const secret = resolveSecretField(parent[key], `receiver.${fieldPath.join('.')}`, pos, names, io);
    secretValues.add(secret);
    parent[key] = secret;
  }
  return receiver;
}

function buildDefaults(raw: Template, source: SuiteSource, names: NameTable): { timeout?: string; retry?: number } {
  if (!isRecord(raw)) return {};
  const defaults: { timeout?: string; retry?: number } = {};
  const at = (key: string): SourcePos => positionOfPath(source, ['defaults', key]);
  if (raw.timeout !== undefined) defaults.timeout = toDuration(raw.timeout, 'timeout', at('timeout'), names);
  if (raw.retry !== undefined) {
    defaults.retry = toWholeNumber(resolveStatic(raw.retry, names, 'retry'), 'retry', at('retry'), 0);
  }
  return defaults;
}

/** Every capture the file declares, with where: to say "declared later" instead of "not defined". */
function declaredCaptures(source: SuiteSource, root: Block): Map<string, SourcePos> {
  const found = new Map<string, SourcePos>();
  const add = (capture: Template, path: (string | number)[]) => {
    for (const name of Object.keys(isRecord(capture) ? capture : {})) {
      if (!found.has(name)) found.set(name, positionOfPath(source, [...path, 'capture', name], 'key'));
    }
  };
  (root.cases as Block[]).forEach((raw, index) => {
    add(raw.capture, ['cases', index]);
    if (Array.isArray(raw.steps)) raw.steps.forEach((step, stepIndex) => add((step as Block).capture, ['cases', index, 'steps', stepIndex]));
  });
  return found;
}

/** A deep copy that keeps `InterpolatedString`s as they are (they are immutable). */
function structuredCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(structuredCopy) as T;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, structuredCopy(item)])) as T;
  return value;
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '' : path.slice(0, cut) || '/';
}

function fileName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}
