/**
 * The typed plan of a suite file, shared by the loader (src/suite) and the engine (src/run).
 *
 * Additions to the agreed interface (nothing was renamed or removed):
 * - `SuiteFile.vars` and `SuiteFile.secrets`: the resolved values (`--var`/`--secret` applied), so the engine can
 *   build a `Scope` with `createScope(suite, …)` instead of resolving them again.
 * - `WaitSpec.deferred`: present only when `until`/`expect` use a capture or `callbackUrl`; then call
 *   `resolveWaitSpec(wait, scope)` before parsing them (it returns the spec unchanged otherwise, so always calling
 *   it is fine). Without `deferred`, names known at load (env, vars, secrets) are already substituted and the
 *   expressions were parsed once at load. `timeout` already has `defaults.timeout` applied.
 * - `loadSuiteFile`'s `inputs.readFile` and `inputs.folder`: optional; `@file` secrets are read through it, and
 *   relative paths (expectSchema, openapi.spec, @file) are joined to `folder` (default: the folder of `path`).
 *   `readSuiteFile(path, inputs)` (src/suite/read-suite-file.ts) is the edge that reads from disk and sets both.
 * - `CaptureMissingError` (exit 1): thrown by `resolveTemplate`/`captureValue` when a capture has no value at run
 *   time (the step that captures it failed, or its query found nothing): fail the case, it is not a usage error.
 */

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** A value from the file that may hold `${{ }}`: opaque; `resolveTemplate(value, scope)` turns it into plain JSON. */
export type Template = unknown;

export interface WaitSpec {
  count?: number;
  until?: string;
  expect?: string[];
  /** Resolved against the suite file's folder (absolute with readSuiteFile). */
  expectSchema?: string;
  timeout?: string;
  deferred?: { until?: Template; expect?: Template[] };
}

export type SuiteStep =
  | { kind: 'fire'; mode: string; options: Record<string, Template>; wait: WaitSpec; capture: Record<string, string>; pos: SourcePos }
  | { kind: 'request'; request: Template; capture: Record<string, string>; pos: SourcePos }
  | { kind: 'send'; send: Template; capture: Record<string, string>; pos: SourcePos }
  | { kind: 'wait'; wait: WaitSpec; capture: Record<string, string>; pos: SourcePos }
  | { kind: 'sleep'; ms: number; pos: SourcePos };

/** A fire-block case is one 'fire' step. */
export interface SuiteCase {
  name: string;
  pos: SourcePos;
  retry: number;
  steps: SuiteStep[];
}

export interface SuiteFile {
  path: string;
  name: string;
  receiver: Record<string, Template>;
  defaults: { timeout?: string; retry?: number };
  /** Every secret value (file `secrets`, `--secret`, secret fields such as `verify.secret`), for redaction. */
  secretValues: string[];
  cases: SuiteCase[];
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface Scope {
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
  captures: Record<string, unknown>;
  callbackUrl: string;
}

export interface SuiteInputs {
  env: Record<string, string | undefined>;
  /** From `--var` / `--vars-file`: they beat the file's `vars`. */
  vars: Record<string, unknown>;
  /** From `--secret`, already resolved: they beat the file's `secrets`. */
  secrets: Record<string, string>;
  /** Reads an `@file` secret of the suite (path already resolved against the suite's folder). */
  readFile?: (path: string) => string;
  /** The suite's folder for its relative paths (expectSchema, openapi.spec, @file); default: the folder of `path`. */
  folder?: string;
}
