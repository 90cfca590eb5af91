import { useRef } from 'react';
import { buildCurlCommand } from '../core/curl-command.js';
import type { WholeEvent } from '../core/event-store.js';
import type { CbEvent, CbEventOf } from '../core/events.js';
import { escapeControlChars, formatBytes, truncate } from '../core/terminal-text.js';
import { saveBody as writeBodyFile } from './body-file.js';
import { copyToClipboard } from './clipboard.js';
import { REPLAY_HEADER } from './event-extras.js';
import { saveCurlScript } from './curl-output.js';
import type { Message, ViewState } from './view-state.js';

export interface CurlShown {
  seq: number;
  command: string;
  copied: boolean;
  scriptPath: string | null;
}

export interface EventActionInputs {
  /** Where replays and curl commands go: --forward-to, else the receiver's own URL (null until it listens). */
  target: string | null;
  /** The receiver's certificate, when it serves a self-signed HTTPS. */
  receiver: { url: string; certPath: string | null } | null;
  replay: ((event: CbEventOf<'callback'>, target: string) => Promise<string>) | undefined;
  onQuit: () => void;
  stdout: NodeJS.WriteStream;
  update: (change: (previous: ViewState) => ViewState) => void;
  showCurl: (curl: CurlShown) => void;
  /** The event as recorded (a large body the history holds as a preview is read back from the record). */
  whole: (event: CbEvent) => WholeEvent;
}

/** What the keys r, c, s and q set off beyond the view itself: a replay, a curl command, a saved body, the end of the run. */
export function useEventActions(inputs: EventActionInputs) {
  const mounted = useRef(true);
  const quitting = useRef(false);
  const say = (message: Message) => {
    if (mounted.current) inputs.update((previous) => ({ ...previous, message }));
  };

  // A body held only as a preview must not be sent or saved as if it were the whole.
  const recorded = <T extends CbEvent>(event: T, action: string): T | null => {
    const whole = inputs.whole(event);
    if (whole.missing === undefined) return whole.event as T;
    say({ text: `not ${action}: ${escapeControlChars(whole.missing)}`, tone: 'warn' });
    return null;
  };

  const replay = async (preview: CbEventOf<'callback'>) => {
    const { target } = inputs;
    if (!inputs.replay || !target) {
      say({ text: target ? 'replay is not available in this run' : 'nowhere to replay to yet: the receiver is not listening', tone: 'warn' });
      return;
    }
    const event = recorded(preview, 'replayed');
    if (!event) return;
    say({ text: `replaying #${event.seq} to ${truncate(escapeControlChars(target), 120)}…`, tone: 'muted' });
    try {
      // The copy names its original, so its row and details say "replay of #N".
      const marked = { ...event, headers: { ...event.headers, [REPLAY_HEADER]: String(event.seq) } };
      const outcome = await inputs.replay(marked, target);
      say({ text: truncate(escapeControlChars(outcome), 300), tone: /fail|error/i.test(outcome) ? 'bad' : 'ok' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      say({ text: `replay of #${event.seq} failed: ${truncate(escapeControlChars(reason), 300)}`, tone: 'bad' });
    }
  };

  const curl = (preview: CbEventOf<'callback'>) => {
    const { target, receiver } = inputs;
    if (!target) {
      say({ text: 'no receiver URL yet for the curl command', tone: 'warn' });
      return;
    }
    const event = recorded(preview, 'copied as curl');
    if (!event) return;
    const caCertPath = receiver && target === receiver.url ? receiver.certPath : null;
    const command = buildCurlCommand(event, { target, caCertPath });
    const copied = copyToClipboard(inputs.stdout, command);
    const scriptPath = saveCurlScript(command, event.seq);
    inputs.showCurl({ seq: event.seq, command, copied, scriptPath });
    const text = `curl for #${event.seq} below${scriptPath ? ` · saved as ${scriptPath}` : ''}`;
    inputs.update((previous) => ({ ...previous, pane: 'curl', scroll: 0, message: { text, tone: 'ok' } }));
  };

  const saveBody = (preview: CbEvent) => {
    const event = recorded(preview, 'saved');
    if (!event) return;
    const saved = writeBodyFile(event);
    if ('error' in saved) say({ text: saved.error, tone: 'warn' });
    else say({ text: `body of #${event.seq} (${formatBytes(saved.size)}) saved as ${saved.path}`, tone: 'ok' });
  };

  const quit = () => {
    if (quitting.current) return;
    quitting.current = true;
    say({ text: 'closing…', tone: 'muted' });
    inputs.onQuit();
  };

  const unmounted = () => {
    mounted.current = false;
  };
  return { replay, curl, saveBody, quit, unmounted };
}
