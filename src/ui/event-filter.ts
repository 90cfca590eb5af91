import type { CbEvent } from '../core/events.js';
import { formatQuery } from '../core/resend.js';

// Enough of a body to find an id or an event name in it, without scanning megabytes on every keystroke.
const BODY_SEARCH_CHARS = 64 * 1024;

function bodyOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.slice(0, BODY_SEARCH_CHARS);
  return (JSON.stringify(value) ?? '').slice(0, BODY_SEARCH_CHARS);
}

/** Everything a user may type to find an event: kind, method, path or URL, status, notes, body text. */
function searchableText(event: CbEvent): string {
  switch (event.type) {
    case 'callback': {
      const query = formatQuery(event.query);
      return [event.type, event.method, `${event.path}?${query}`, event.response.status, event.note ?? '', event.contentType ?? '', (event.bodyText ?? '').slice(0, BODY_SEARCH_CHARS)].join('\n');
    }
    case 'request':
      return [event.type, event.label, event.method, event.url, bodyOf(event.body)].join('\n');
    case 'ack':
      return [event.type, event.label, event.status, bodyOf(event.body)].join('\n');
    case 'probe':
      return [event.type, event.method, event.path].join('\n');
    case 'tunnel':
    case 'relay':
      return [event.type, event.state, event.url ?? '', event.message ?? ''].join('\n');
    case 'assertion':
      return [event.type, 'expect', event.expr, event.message].join('\n');
    case 'result':
      return [event.type, event.pass ? 'passed' : 'failed', event.reason ?? ''].join('\n');
    case 'listening':
      return [event.type, event.url, event.publicUrl ?? ''].join('\n');
  }
}

/**
 * Case-insensitive substring filter over the kept history. Each event is judged once per filter text,
 * so a flood of new events costs one check each, not a rescan of thousands.
 */
export class EventFilter {
  private needle = '';
  private verdicts = new WeakMap<CbEvent, boolean>();

  apply(events: readonly CbEvent[], filter: string): readonly CbEvent[] {
    const needle = filter.trim().toLowerCase();
    if (needle === '') return events;
    if (needle !== this.needle) {
      this.needle = needle;
      this.verdicts = new WeakMap();
    }
    return events.filter((event) => {
      let verdict = this.verdicts.get(event);
      if (verdict === undefined) {
        verdict = searchableText(event).toLowerCase().includes(needle);
        this.verdicts.set(event, verdict);
      }
      return verdict;
    });
  }
}
