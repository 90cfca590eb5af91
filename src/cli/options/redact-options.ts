import { UsageError } from '../../core/errors.js';
import type { RedactionPolicy } from '../../core/redact.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;


/** The redaction a command's events get; `secrets` are values resolved elsewhere (`--secret`, suite `secrets`). */
export function parseRedactOptions(raw: Record<string, unknown>, secrets: readonly string[] = []): RedactionPolicy {
  const headers = ((raw.redactHeader as string[] | undefined) ?? []).map((name) => name.trim());
  for (const name of headers) {
    if (!HEADER_NAME.test(name)) throw new UsageError(`--redact-header '${name}' is not a header name`, 'give the name only, e.g. --redact-header X-Api-Key');
  }
  // The login redirect's code buys tokens until it is exchanged: it is a secret wherever it shows up in an OAuth run.
  const params = raw.oauth === undefined ? [] : ['code'];
  return { headers, params, secrets: [...secrets] };
}
