import type { Flow } from '../../flows/flow.js';
import type { OptionSource } from './option-source.js';

/** What a flow is built with besides its own options. */
export interface FlowSetting {
  /** The case's --timeout, also the limit for the flow's own requests. */
  timeoutMs: number;
  /** The user named a count or an --until (OpenAPI then counts repeats of a callback). */
  explicitWait: boolean;
}

/**
 * A style of firing, by name: `parse` turns raw options (flags or typed values) into the mode's typed options
 * without touching the network; `createFlow` builds the flow (importing its code lazily).
 */
export interface FireMode<Options = unknown> {
  name: string;
  /** The option that names the target (`--rpc URL` is `url`, `--openapi SPEC` is `spec`). */
  mainKey: string;
  /** --timeout when the user gives none: a person logging in needs longer than a server. */
  defaultTimeout: string;
  parse(source: OptionSource): Options;
  createFlow(options: Options, setting: FlowSetting): Promise<Flow>;
}
