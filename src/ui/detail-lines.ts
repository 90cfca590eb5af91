import { formatDuration } from '../core/duration.js';
import type { CbEvent, CbEventOf, Headers } from '../core/events.js';
import { escapeControlChars, formatBytes, truncate } from '../core/terminal-text.js';
import { callbackBodyLines, valueLines } from './body-lines.js';
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

function callbackLines(event: CbEventOf<'callback'>): Line[] {
  const target = `${safe(event.method, 20)} ${safe(event.path)}`;
  const lines: Line[] = [title(event, `callback ${target}`)];
  lines.push([span('answered '), span(String(event.response.status ?? `nothing (${event.response.error ?? 'no answer'})`), statusTone(event.response.status ?? 500), true), span(`  from ${safe(event.remote, 100)}`, 'muted')]);
  if (event.matched) lines.push([span('✓ ', 'ok'), span('counts toward the wait')]);
  else lines.push([span('· ', 'muted'), span('not counted')]);
  if (event.note) lines.push([span('note: ', 'warn'), span(safe(event.note))]);
  if (event.signature) lines.push([span('signature: '), span(event.signature, event.signature === 'valid' ? 'ok' : 'bad', true)]);
  if (event.rejected) lines.push([span('✗ refused: ', 'bad'), span(`${safe(event.rejected.reason)} (${formatBytes(event.rejected.size)})`)]);
  const forward = event.forward;
  if (forward) {
    const where = safe(forward.url, 300);
    if (forward.error) lines.push([span('✗ forward to ', 'bad'), span(where), span(` failed: ${safe(forward.error)}`, 'bad')]);
    else {
      const took = forward.durationMs === undefined ? '' : ` in ${formatDuration(forward.durationMs)}`;
      lines.push([span('forwarded to '), span(where, 'accent'), span(' → '), span(String(forward.status ?? '?'), statusTone(forward.status), true), span(took, 'muted')]);
    }
    if (forward.bodyPreview) lines.push([span('  app answered: ', 'muted'), span(safe(forward.bodyPreview, 500))]);
  }
  const query = queryLines(event.query);
  if (query.length > 0) lines.push(...section(`Query (${query.length})`, query));
  // The body first: it is what a callback is about, and the pane is often short.
  const type = event.contentType ? ` · ${safe(event.contentType, 100)}` : '';
  lines.push(...section(`Body · ${formatBytes(event.size)}${type}${event.bodyText === null && event.size > 0 ? ' · binary' : ''}`, callbackBodyLines(event)));
  lines.push(...section(`Headers (${Object.keys(event.headers).length})`, headerLines(event.headers)));
  return lines;
}

/** The detail pane for any event: what it was, headers, query, and its body laid out to be read. */
export function detailLines(event: CbEvent): Line[] {
  switch (event.type) {
    case 'callback':
      return callbackLines(event);
    case 'request':
      return [
        title(event, `request (${safe(event.label, 40)}) ${safe(event.method, 20)} ${safe(event.url)}`),
        ...section('Body', valueLines(event.body)),
        ...section('Headers', headerLines(event.headers)),
      ];
    case 'ack':
      return [
        title(event, `acknowledgment (${safe(event.label, 40)}) for #${event.requestSeq}`),
        [span('status '), span(String(event.status), statusTone(event.status), true), span(` in ${formatDuration(event.durationMs)}`, 'muted')],
        ...section('Body', valueLines(event.body)),
        ...section('Headers', headerLines(event.headers)),
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
    case 'assertion':
      return [
        title(event, `expect ${safe(event.expr)}`),
        [span(event.pass ? '✓ passed' : '✗ failed', event.pass ? 'ok' : 'bad', true), span(event.eventSeq === null ? '  (no callback to judge)' : `  on event #${event.eventSeq}`, 'muted')],
        plainLine(safe(event.message)),
        ...section('Actual value', event.actual === undefined ? [plainLine('no value at path', 'muted')] : valueLines(event.actual, { quoteStrings: true })),
      ];
    case 'result': {
      const lines: Line[] = [
        title(event, event.pass ? 'passed' : 'failed'),
        [span('exit code '), span(String(event.exitCode), event.pass ? 'ok' : 'bad', true), span(` · ${event.callbacks} callbacks · ${formatDuration(event.durationMs)}`, 'muted')],
      ];
      if (event.reason) lines.push(plainLine(safe(event.reason), 'bad'));
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
