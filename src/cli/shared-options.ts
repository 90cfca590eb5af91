import { parseDashboardOptions } from './options/dashboard-options.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import { chooseOutputMode, wantsColor } from '../core/output-mode.js';
import type { OutputPlan, ReceiverPlan } from '../run/session-plan.js';
import { readArgumentText } from './json-argument.js';
import { refineAnswerRules } from './options/answer-options.js';
import { parseRedactOptions } from './options/redact-options.js';
import { parseVerifyOptions, signingSecrets } from './options/sender-options.js';
import { parseReportOptions } from './options/report-options.js';
import { parseRelayOptions } from './options/relay-options.js';
import { RECEIVER_DEFAULTS, type RawOptions } from './shared-flags.js';
import { parseByteSize, parseHttpUrl, parseInteger } from './parse-values.js';

export { addOutputOptions, addReceiverOptions, collect, RECEIVER_DEFAULTS, type RawOptions } from './shared-flags.js';

/** The receiver with every option at its default, on any free port (what `cbtest demo` runs). */
export function defaultReceiverPlan(): ReceiverPlan {
  return toReceiverPlan({ ...RECEIVER_DEFAULTS, port: '0' });
}

export function toOutputPlan(raw: RawOptions, io: { isTTY: boolean; env: NodeJS.ProcessEnv }): OutputPlan {
  const mode = chooseOutputMode({ json: raw.json === true, tui: raw.tui !== false, isTTY: io.isTTY, env: io.env });
  const color = mode !== 'json' && wantsColor({ isTTY: io.isTTY, env: io.env, noColor: raw.color === false });
  return { mode, color, recordPath: (raw.record as string | undefined) ?? null, reports: parseReportOptions(raw), redaction: parseRedactOptions(raw, signingSecrets(raw)), ...parseDashboardOptions(raw) };
}

export function toReceiverPlan(raw: RawOptions): ReceiverPlan {
  const publicUrlText = (raw.publicUrl ?? raw.callbackUrl) as string | undefined;
  const publicUrl = publicUrlText === undefined ? null : parseHttpUrl(publicUrlText, '--public-url').href.replace(/\/+$/, '');
  if (publicUrl && raw.tunnel) throw new UsageError('--public-url and --tunnel both say where callbacks arrive', 'keep one of them');
  const responseBody = raw.responseBody === undefined ? null : readArgumentText(String(raw.responseBody), '--response-body');
  return {
    port: parseInteger(String(raw.port), '--port', { min: 0, max: 65535 }),
    host: String(raw.host),
    https: raw.https === true,
    publicUrl,
    tunnel: raw.tunnel ? { host: parseHttpUrl(String(raw.tunnelHost), '--tunnel-host').href.replace(/\/+$/, ''), subdomain: (raw.subdomain as string | undefined) ?? null } : null,
    forwardTo: raw.forwardTo === undefined ? null : parseHttpUrl(String(raw.forwardTo), '--forward-to').href,
    relay: parseRelayOptions(raw),
    rules: refineAnswerRules(raw, {
      status: raw.status === undefined ? null : parseInteger(String(raw.status), '--status', { min: 100, max: 599 }),
      body: responseBody,
      headers: parseHeaderFlags((raw.responseHeader as string[] | undefined) ?? [], '--response-header'),
      delayMs: raw.delay === undefined ? 0 : parseDuration(String(raw.delay), '--delay'),
      failFirst: raw.failFirst === undefined ? 0 : parseInteger(String(raw.failFirst), '--fail-first', { min: 0, max: 1_000_000 }),
    }),
    bodyLimit: parseByteSize(String(raw.bodyLimit), '--body-limit'),
    senders: parseVerifyOptions(raw),
  };
}
