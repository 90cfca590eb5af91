import { formatDuration } from '../core/duration.js';
import type { CbEvent, CbEventOf, Headers } from '../core/events.js';
import { escapeControlChars, formatBytes, truncate } from '../core/terminal-text.js';
import { callbackBodyLines, textLines, valueLines } from './body-lines.js';
import { answerOf, assertionFailures, replayOf, schemaOf, scopeOf, sinceAckOf } from './event-extras.js';
import { spreadText, type ArrivalSpread } from './arrival-spread.js';
import { MAX_LINE_CHARS, plainLine, span, type Line } from './styled-text.js';
import { statusTone } from './theme.js';

function safe(text: string, max = MAX_LINE_CHARS): string {
  return truncate(escapeControlChars(text.length > max * 2 ? text.slice(0, max * 2) : text), max);
}

function indent(lines: Line[]): Line[] {
  return lines.map((line) => [span('  '), ...line]);
}

function section(title: string, lines: Line[]): Line[] {
  return [[], [span(title, 'info', true)], ...indent(lines)];
}

function headerLines(headers: Headers): Line[] {
  const lines: Line[] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const item of [value].flat()) lines.push([span(safe(name, 200), 'key'), span(': '), span(safe(item))]);
  }
  return lines.length > 0 ? lines : [plainLine('(none)', 'muted')];
}

function queryLines(query: Record<string, string | string[]>): Line[] {
  return Object.entries(query).flatMap(([name, value]) =>
    [value].flat().map((item) => [span(safe(name, 200), 'key'), span(' = '), span(safe(item), 'string')]),
  );
}

function title(event: CbEvent, what: string): Line {
  return [span(`#${event.seq} `, 'muted'), span(what, undefined, true), span(`  ${event.at}`, 'muted')];
}

function answerLines(event: CbEventOf<'callback'>): Line[] {
  const answer = answerOf(event);
  const lines: Line[] = [];
  if (answer.status === null) {
    lines.push([span('answered ', 'bad'), span('nothing', 'bad', true), span(answer.error ? `: ${safe(answer.error)}` : ': the answer never reached the sender', 'bad')]);
  } else {
    const took = answer.durationMs === null ? '' : ` in ${formatDuration(answer.durationMs)}`;
    lines.push([span('status '), span(String(answer.status), statusTone(answer.status), true), span(took, 'muted')]);
  }
  if (answer.headers) lines.push(...headerLines(answer.headers));
  if (answer.body !== null) lines.push([], ...(answer.body === '' ? [plainLine('(empty body)', 'muted')] : textLines(answer.body)));
  return lines;
}

function callbackLines(event: CbEventOf<'callback'>, bodyMissing: string | undefined): Line[] {
  const target = `${safe(event.method, 20)} ${safe(event.path)}`;
  const lines: Line[] = [title(event, `callback ${target}`)];
  const replayed = replayOf(event);
  if (replayed !== null) lines.push([span('↻ ', 'info'), span(`a replay of #${replayed}`, 'info', true), span(' (sent again from the dashboard)', 'muted')]);
  const answer = answerOf(event);
  const took = answer.durationMs === null ? '' : ` in ${formatDuration(answer.durationMs)}`;
  lines.push([
    span('answered '),
    span(answer.status === null ? 'nothing' : String(answer.status), answer.status === null ? 'bad' : statusTone(answer.status), true),
    span(took, 'muted'),
    span(`  from ${safe(event.remote, 100)}`, 'muted'),
  ]);
  const sinceAck = sinceAckOf(event);
  if (sinceAck !== null) lines.push([span('arrived '), span(`+${formatDuration(sinceAck)}`, 'accent', true), span(' after the acknowledgment', 'muted')]);
  if (event.matched) lines.push([span('✓ ', 'ok'), span('counts toward the wait')]);
  else lines.push([span('· ', 'muted'), span('not counted')]);
  if (event.note) lines.push([span('note: ', 'warn'), span(safe(event.note))]);
  if (event.signature) {
    lines.push([span('signature: '), span(event.signature, event.signature === 'valid' ? 'ok' : 'bad', true), span(event.signatureError ? ` (${safe(event.signatureError)})` : '', 'bad')]);
  }
  if (event.delivery) {
    const { key, attempt, sinceFirstMs, duplicate } = event.delivery;
    const when = attempt > 1 ? `, +${formatDuration(sinceFirstMs)} after the first` : '';
    lines.push([span('delivery '), span(safe(key, 200), 'accent'), span(` attempt ${attempt}${when}`), span(duplicate ? ' · duplicate of a delivery already answered 2xx' : '', 'warn')]);
  }
  for (const cloudevent of [event.cloudevent ?? []].flat()) {
    lines.push([span('CloudEvent '), span(safe(cloudevent.type, 200), 'accent'), span(` id ${safe(cloudevent.id, 200)} from ${safe(cloudevent.source, 300)}`, 'muted')]);
  }
  if (event.cloudeventError) lines.push([span('✗ not a valid CloudEvent: ', 'bad'), span(safe(event.cloudeventError))]);
  if (event.rejected) lines.push([span('✗ refused: ', 'bad'), span(`${safe(event.rejected.reason)} (${formatBytes(event.rejected.size)})`)]);
  const forward = event.forward;
  if (forward) {
    const where = safe(forward.url, 300);
    if (forward.error) lines.push([span('✗ forward to ', 'bad'), span(where), span(` failed: ${safe(forward.error)}`, 'bad')]);
    else {
      const forwardTook = forward.durationMs === undefined ? '' : ` in ${formatDuration(forward.durationMs)}`;
      lines.push([span('forwarded to '), span(where, 'accent'), span(' → '), span(String(forward.status ?? '?'), statusTone(forward.status), true), span(forwardTook, 'muted')]);
    }
  }
  const schema = schemaOf(event);
  if (schema) {
    const source = schema.source ? ` (${safe(schema.source, 200)})` : '';
    if (schema.valid) lines.push([span('✓ ', 'ok'), span(`matches its schema${source}`)]);
    else {
      lines.push([span('✗ ', 'bad'), span(`${schema.errors.length} schema error${schema.errors.length === 1 ? '' : 's'}${source}`, 'bad', true)]);
      for (const error of schema.errors) lines.push([span('  • ', 'bad'), span(safe(error))]);
    }
  }
  const query = queryLines(event.query);
  if (query.length > 0) lines.push(...section(`Query (${query.length})`, query));
  // Headers first, as on the wire; then the body, then what the sender got back.
  lines.push(...section(`Headers (${Object.keys(event.headers).length})`, headerLines(event.headers)));
  const type = event.contentType ? ` · ${safe(event.contentType, 100)}` : '';
  const cut: Line[] = bodyMissing ? [plainLine(safe(bodyMissing), 'warn')] : [];
  lines.push(...section(`Body · ${formatBytes(event.size)}${type}${event.bodyText === null && event.size > 0 ? ' · binary' : ''}`, [...cut, ...callbackBodyLines(event)]));
  lines.push(...section(forward ? 'Answer (relayed from the app)' : 'Answer (what cbtest sent back)', answerLines(event)));
  return lines;
}

/** Facts of the whole run the result's details show (see RunSummary). */
export interface DetailContext {
  arrivals?: ArrivalSpread | null;
  /** Why a large body is shown only as its preview (no record to read it back from). */
  bodyMissing?: string;
}

/** The detail pane for any event: what it was, headers, query, and its body laid out to be read. */
export function detailLines(event: CbEvent, context: DetailContext = {}): Line[] {
  const lines = eventLines(event, context);
  const scope = scopeOf(event);
  if (scope) lines.splice(1, 0, [span('case ', 'muted'), span(safe(scope, 300), 'accent')]);
  return lines;
}

function eventLines(event: CbEvent, context: DetailContext): Line[] {
  switch (event.type) {
    case 'callback':
      return callbackLines(event, context.bodyMissing);
    case 'request':
      return [
        title(event, `request (${safe(event.label, 40)}) ${safe(event.method, 20)} ${safe(event.url)}`),
        ...section('Headers', headerLines(event.headers)),
        ...section('Body', valueLines(event.body)),
      ];
    case 'ack':
      return [
        title(event, `acknowledgment (${safe(event.label, 40)}) for #${event.requestSeq}`),
        [span('status '), span(String(event.status), statusTone(event.status), true), span(` in ${formatDuration(event.durationMs)}`, 'muted')],
        ...section('Headers', headerLines(event.headers)),
        ...section('Body', valueLines(event.body)),
      ];
    case 'probe':
      return [
        title(event, `probe ${safe(event.method, 20)} ${safe(event.path)}`),
        plainLine("a producer's reachability check: answered 200, not counted as a callback", 'muted'),
        [span(`from ${safe(event.remote, 100)}`, 'muted')],
        ...section('Headers', headerLines(event.headers)),
      ];
    case 'tunnel': {
      const lines: Line[] = [title(event, `tunnel ${event.state}`), [span('url '), span(safe(event.url ?? '(none)'), 'accent')]];
      if (event.previousUrl) lines.push([span('was '), span(safe(event.previousUrl), 'muted')]);
      if (event.message) lines.push(plainLine(safe(event.message), event.state === 'down' ? 'bad' : undefined));
      return lines;
    }
    case 'relay': {
      const lines: Line[] = [title(event, `relay ${event.state}`), [span('url '), span(safe(event.url ?? '(none)'), 'accent')]];
      if (event.message) lines.push(plainLine(safe(event.message), event.state === 'down' ? 'bad' : undefined));
      return lines;
    }
    case 'assertion': {
      // Every failure on its own line (a schema can fail in many places at once); none is folded into "+2 more".
      const failures = assertionFailures(event);
      const message = failures.length > 1 ? [plainLine(`${failures.length} problems:`, event.pass ? undefined : 'bad'), ...failures.map((line) => [span('  • ', 'bad'), span(safe(line))])] : [plainLine(safe(failures[0] ?? event.message))];
      return [
        title(event, `expect ${safe(event.expr)}`),
        [span(event.pass ? '✓ passed' : '✗ failed', event.pass ? 'ok' : 'bad', true), span(event.eventSeq === null ? '  (no callback to judge)' : `  on event #${event.eventSeq}`, 'muted')],
        ...message,
        ...section('Actual value', event.actual === undefined ? [plainLine('no value at path', 'muted')] : valueLines(event.actual, { quoteStrings: true })),
      ];
    }
    case 'result': {
      const lines: Line[] = [
        title(event, event.pass ? 'passed' : 'failed'),
        [span('exit code '), span(String(event.exitCode), event.pass ? 'ok' : 'bad', true), span(` · ${event.callbacks} callbacks · ${formatDuration(event.durationMs)}`, 'muted')],
      ];
      if (event.reason) lines.push(plainLine(safe(event.reason), 'bad'));
      const spread = context.arrivals ? spreadText(context.arrivals) : null;
      if (spread) lines.push(plainLine(spread));
      return lines;
    }
    case 'listening': {
      const lines: Line[] = [title(event, 'listening'), [span('url '), span(safe(event.url), 'accent')]];
      if (event.publicUrl) lines.push([span('public '), span(safe(event.publicUrl), 'accent')]);
      if (event.certPath) lines.push([span('certificate '), span(safe(event.certPath))]);
      return lines;
    }
  }
}
