import { formatClock } from './clock-text.js';
import { formatDuration } from './duration.js';
import type { CbEvent, CbEventOf } from './events.js';
import { formatQuery } from './resend.js';
import { describeSenderChecks, formatTimeline } from './sender-lines.js';
import { escapeControlChars, formatBytes, previewText } from './terminal-text.js';

/** The mark that starts a line, so a column of events reads at a glance. */
export type LineTone = 'info' | 'good' | 'bad' | 'muted' | 'warn';

export interface FormattedLine {
  text: string;
  tone: LineTone;
}

const clock = formatClock;

function bodyPreview(body: unknown, max: number): string {
  if (body === null || body === undefined || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return previewText(text, max);
}

function formatCallback(event: CbEventOf<'callback'>, previewMax: number): FormattedLine {
  const status = event.response.status;
  const query = formatQuery(event.query);
  const target = previewText(query ? `${event.path}?${query}` : event.path, 80);
  const parts = [clock(event.at), 'callback', event.method, target, `→ ${status ?? 'no answer'}`, formatBytes(event.size)];
  if (event.contentType) parts.push(previewText(event.contentType, 40));
  const preview = event.bodyText === null ? `<${event.size} bytes binary>` : bodyPreview(event.bodyText, previewMax);
  if (preview) parts.push(preview);
  if (event.forward) {
    parts.push(event.forward.error ? `forward failed: ${previewText(event.forward.error, 120)}` : `forwarded ${event.forward.status} in ${event.forward.durationMs}ms`);
  }
  parts.push(...describeSenderChecks(event));
  if (event.note) parts.push(`(${previewText(event.note, 120)})`);
  const tone: LineTone = event.rejected || status === null || status >= 400 ? 'bad' : event.matched ? 'good' : 'muted';
  return { text: `${event.matched ? '●' : '○'} ${parts.join('  ')}`, tone };
}

/** One human line per event for plain mode; every payload-derived part is escaped. */
export function formatEventLine(event: CbEvent, previewMax = 100): FormattedLine {
  switch (event.type) {
    case 'listening': {
      const lines = [`listening ${event.url}`];
      if (event.publicUrl) lines.push(`public ${event.publicUrl}`);
      if (event.certPath) lines.push(`certificate ${event.certPath}`);
      return { text: lines.join('\n'), tone: 'info' };
    }
    case 'request':
      return {
        text: `→ ${clock(event.at)}  ${event.label}${event.replayOf === undefined ? '' : ` of #${event.replayOf}`}  ${event.method} ${previewText(event.url, 160)}  ${bodyPreview(event.body, previewMax)}`.trimEnd(),
        tone: 'info',
      };
    case 'ack':
      return {
        text: `← ${clock(event.at)}  ${event.label}  ${event.status} in ${formatDuration(event.durationMs)}  ${bodyPreview(event.body, previewMax)}`.trimEnd(),
        tone: event.status >= 200 && event.status < 300 ? 'good' : 'bad',
      };
    case 'callback':
      return formatCallback(event, previewMax);
    case 'probe':
      return { text: `○ ${clock(event.at)}  probe  ${event.method} ${previewText(event.path, 120)}  → 200 (not counted)`, tone: 'muted' };
    case 'tunnel': {
      const message = event.message ? `  ${previewText(event.message, 200)}` : '';
      return { text: `tunnel ${event.state} ${event.url ?? ''}${message}`, tone: event.state === 'down' ? 'warn' : 'info' };
    }
    case 'relay': {
      const message = event.message ? `  ${previewText(event.message, 200)}` : '';
      return { text: `relay ${event.state} ${event.url ?? ''}${message}`, tone: event.state === 'down' ? 'warn' : 'info' };
    }
    case 'assertion': {
      const subject = event.eventSeq === null ? '' : ` (event #${event.eventSeq})`;
      // Not cut short: a schema failure lists every error, and each quoted value is already bounded.
      return { text: `${event.pass ? '✓' : '✗'} ${escapeControlChars(event.message)}${subject}`, tone: event.pass ? 'good' : 'bad' };
    }
    case 'result': {
      const verdict = event.pass ? 'PASS' : 'FAIL';
      // "0 callbacks" says nothing the reason does not (and `send` has no receiver at all).
      const count = event.callbacks === 0 ? '' : ` ${event.callbacks} callback${event.callbacks === 1 ? '' : 's'}`;
      const reason = event.reason ? `: ${previewText(event.reason, 300)}` : '';
      const deliveries = (event.deliveries ?? []).map((timeline) => `\n  ${previewText(formatTimeline(timeline), 300)}`).join('');
      return { text: `${verdict}${count} in ${formatDuration(event.durationMs)}, exit ${event.exitCode}${reason}${deliveries}`, tone: event.pass ? 'good' : 'bad' };
    }
  }
}
