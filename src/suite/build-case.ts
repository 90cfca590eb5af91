import { CbtestError, UsageError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { parseCaptureQuery } from './capture.js';
import { checkReferences, isStatic, resolveStatic } from './check-references.js';
import { buildWait, toDuration, toWholeNumber, type BuildContext } from './build-wait.js';
import { isRecord } from './resolve-template.js';
import { sendSigningOf } from './send-signing.js';
import { SUITE_FIRE_MODES } from './suite-schema.js';
import { InterpolatedString } from './template.js';
import type { SourcePos, SuiteCase, SuiteStep, Template } from './types.js';
import { joinPath, refuseReserved, resolveSecretField } from './vars-and-secrets.js';
import { formatPos, positionOfPath, type PathSegment } from './yaml-source.js';

export interface CaseContext extends BuildContext {
  /** Captures declared so far in the file, in order; each step adds its own after it is built. */
  declared: Map<string, SourcePos>;
  secretValues: Set<string>;
  readFile?: (path: string) => string;
}

type Block = Record<string, Template>;

/** Secret-syntax fields inside blocks (paths), by block name; resolved at load so their values are known for redaction. */
const SECRET_FIELDS: Record<string, string[][]> = { oauth: [['clientSecret']], send: [['secret'], ['sign', 'secret']] };

export function buildCase(raw: Block, index: number, context: CaseContext): SuiteCase {
  const path: PathSegment[] = ['cases', index];
  const pos = positionOfPath(context.source, path);
  const name = raw.name === undefined ? `case ${index + 1}` : String(resolveStatic(raw.name, context.names, 'a case name'));
  const retryValue = raw.retry === undefined ? (context.defaults.retry ?? 0) : resolveStatic(raw.retry, context.names, 'retry');
  const retry = toWholeNumber(retryValue, 'retry', positionOfPath(context.source, [...path, 'retry']), 0);
  if (Array.isArray(raw.steps)) {
    const steps = raw.steps.map((step, stepIndex) => buildStep(step as Block, [...path, 'steps', stepIndex], context));
    return { name, pos, retry, steps };
  }
  const mode = SUITE_FIRE_MODES.find((candidate) => raw[candidate] !== undefined)!;
  return { name, pos, retry, steps: [buildFire(mode, raw, path, context)] };
}

function buildStep(raw: Block, path: PathSegment[], context: CaseContext): SuiteStep {
  const pos = positionOfPath(context.source, path);
  if (raw.sleep !== undefined) {
    const text = toDuration(raw.sleep, 'sleep', positionOfPath(context.source, [...path, 'sleep']), context.names);
    return { kind: 'sleep', ms: parseDuration(text, 'sleep'), pos };
  }
  if (raw.request !== undefined) {
    const request = checkedBlock('request', raw.request, path, context);
    return { kind: 'request', request, capture: buildCapture(raw.capture, path, context, 'ack'), pos };
  }
  if (raw.send !== undefined) {
    const send = checkedBlock('send', raw.send, path, context);
    return { kind: 'send', send, capture: buildCapture(raw.capture, path, context, 'ack'), pos };
  }
  if (raw.wait !== undefined) {
    const wait = buildWait(raw.wait as Block, [...path, 'wait'], context);
    return { kind: 'wait', wait, capture: buildCapture(raw.capture, path, context, 'callback'), pos };
  }
  const mode = SUITE_FIRE_MODES.find((candidate) => raw[candidate] !== undefined)!;
  return buildFire(mode, raw, path, context);
}

function buildFire(mode: string, holder: Block, path: PathSegment[], context: CaseContext): SuiteStep {
  const options = checkedBlock(mode, holder[mode], path, context);
  if (mode === 'openapi' && typeof options.spec === 'string' && !/^[a-z]+:\/\//i.test(options.spec)) {
    options.spec = joinPath(context.dir, options.spec);
  }
  const wait = buildWait(holder, path, context);
  return { kind: 'fire', mode, options, wait, capture: buildCapture(holder.capture, path, context, 'both'), pos: positionOfPath(context.source, path) };
}

/** A request-like block: every name must exist by now; secret fields are read and remembered for redaction. */
function checkedBlock(kind: string, block: Template, path: PathSegment[], context: CaseContext): Block {
  const names = context.names;
  checkReferences(block, names);
  const options: Block = { ...(isRecord(block) ? block : {}) };
  for (const field of SECRET_FIELDS[kind] ?? []) {
    // A copy of each map on the way down, so the file's own tree keeps its templates.
    const parent = field.slice(0, -1).reduce<Block | null>((node, key) => (node && isRecord(node[key]) ? (node[key] = { ...node[key] }) : null), options);
    const key = field[field.length - 1]!;
    const value = parent?.[key];
    if (!parent || value === undefined || (value instanceof InterpolatedString && !isStatic(value, names))) continue;
    const fieldPath = [...path, kind, ...field];
    const secret = resolveSecretField(value, `${kind}.${field.join('.')}`, positionOfPath(context.source, fieldPath), names, { dir: context.dir, ...(context.readFile ? { readFile: context.readFile } : {}) });
    context.secretValues.add(secret);
    parent[key] = secret;
  }
  if (kind === 'send') checkSendSigning(options, [...path, kind], context);
  return options;
}

/** A send step that signs: an unknown scheme or an unusable secret is exit 2 at load, when nothing in it waits for a capture. */
function checkSendSigning(send: Block, path: PathSegment[], context: CaseContext): void {
  const signing = { sign: send.sign, secret: send.secret, signatureHeader: send.signatureHeader, signatureEncoding: send.signatureEncoding, signaturePrefix: send.signaturePrefix };
  if (!isStatic(signing, context.names)) return;
  try {
    sendSigningOf(resolveStatic(signing, context.names, 'send.sign') as Block);
  } catch (error) {
    if (!(error instanceof CbtestError)) throw error;
    const at = positionOfPath(context.source, send.sign === undefined ? path : [...path, 'sign']);
    throw new UsageError(`${formatPos(at)}: ${error.message}`, error.hint);
  }
}

/** A step's `capture` map; the names become usable from the next step on. */
function buildCapture(raw: Template, path: PathSegment[], context: CaseContext, reads: 'ack' | 'callback' | 'both'): Record<string, string> {
  const capture: Record<string, string> = {};
  for (const [name, value] of Object.entries(isRecord(raw) ? raw : {})) {
    const keyPath = [...path, 'capture', name];
    refuseReserved(name, keyPath, context.source);
    const at = formatPos(positionOfPath(context.source, keyPath, 'key'));
    if (Object.hasOwn(context.names.vars, name) || Object.hasOwn(context.names.secrets, name)) {
      throw new UsageError(`${at}: capture '${name}' has the name of a ${Object.hasOwn(context.names.vars, name) ? 'var' : 'secret'}`, 'give the capture another name');
    }
    capture[name] = checkCaptureExpression(value, reads, positionOfPath(context.source, keyPath));
  }
  for (const name of Object.keys(capture)) context.declared.set(name, positionOfPath(context.source, [...path, 'capture', name], 'key'));
  return capture;
}

function checkCaptureExpression(value: Template, reads: 'ack' | 'callback' | 'both', pos: SourcePos): string {
  const at = formatPos(pos);
  if (typeof value !== 'string') throw new UsageError(`${at}: a capture query cannot use \${{ }}`, "write a JSONPath such as '$.body.id'");
  try {
    const { from } = parseCaptureQuery(value);
    if (reads === 'ack' && from === 'callback') {
      throw new UsageError(`capture '${value}' reads a callback, but this step only gets an acknowledgment`, `write 'ack.${value}'`);
    }
    if (reads === 'callback' && from === 'ack') {
      throw new UsageError(`capture '${value}' reads an acknowledgment, but a wait step only sees callbacks`, `write '${value.slice(4)}'`);
    }
  } catch (error) {
    if (error instanceof CbtestError) throw new UsageError(`${at}: ${error.message}`, error.hint);
    throw error;
  }
  return value;
}
