import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultReceiverPlan } from '../../../src/cli/shared-options.js';
import { toWaitAndJudge } from '../../../src/cli/wait-options.js';
import type { CbEvent } from '../../../src/core/events.js';
import type { Flow } from '../../../src/flows/flow.js';
import type { EngineDeps } from '../../../src/run/engine-deps.js';
import { runFireCase } from '../../../src/run/fire-case.js';
import { Run } from '../../../src/run/run.js';
import { ManualClock, ManualSignals } from './manual-clock.js';

let tokens = 0;
const runs: Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.close()));
});

function engine(clock = new ManualClock(), signals = new ManualSignals()) {
  const said: string[] = [];
  const deps: EngineDeps = {
    clock,
    signals,
    view: async () => ({ say: (line) => said.push(line), dismissed: () => Promise.resolve(), detach: () => undefined }),
    progressEveryMs: 5000,
    newToken: () => `token-${(tokens += 1)}`,
  };
  return { clock, signals, said, deps };
}

async function openRun(deps: EngineDeps, recordPath: string | null = null) {
  const run = new Run({ receiver: defaultReceiverPlan(), recordPath, historyLimit: 1000 }, deps);
  runs.push(run);
  const events: CbEvent[] = [];
  run.store.subscribe((event) => events.push(event));
  await run.attachView();
  await run.start();
  return { run, events };
}

const post = async (url: string, body: unknown): Promise<number> => {
  const answer = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  await answer.body.dump();
  return answer.statusCode;
};

/** A flow that plays its own producer: records a request and its ack, lets time pass, then calls its planted URL. */
function selfCallingFlow(clock: ManualClock, body: unknown, afterAckMs: number): Flow {
  return {
    title: 'self-calling',
    awaited: { count: 1, description: 'its own callback' },
    classify: () => ({ matched: true }),
    async start(context) {
      const sent = context.append({ type: 'request', label: 'test', method: 'POST', url: 'http://producer.test/', headers: {}, body: { callbackUrl: context.plantedUrl } });
      context.append({ type: 'ack', label: 'test', requestSeq: sent.seq, status: 202, headers: {}, body: null, durationMs: 1 });
      clock.advance(afterAckMs);
      await post(context.plantedUrl, body);
    },
  };
}

const waitFor = (count: number | null, expect: string[] = [], timeoutMs: number | null = 30_000) =>
  toWaitAndJudge({ count, until: null, expect, expectSchema: null, timeoutMs }, { count: null, timeoutMs: null, description: 'callbacks' }, null);

describe('the engine, in process, with an injected clock', () => {
  it('runs two cases at once on one receiver: each counts only its own path, a stray callback is recorded unmatched', async () => {
    const { clock, deps } = engine();
    const { run, events } = await openRun(deps);
    const listening = events.find((event) => event.type === 'listening')!;
    expect(listening).toMatchObject({ runId: run.runId });

    const a = await waitFor(1, ['$.body.who == "a"']);
    const b = await waitFor(1, ['$.body.who == "b"']);
    const both = Promise.all([
      runFireCase(run, { flow: selfCallingFlow(clock, { who: 'a' }, 250), ...a, scope: { case: 'a' } }),
      runFireCase(run, { flow: selfCallingFlow(clock, { who: 'b' }, 0), ...b, scope: { case: 'b' } }),
    ]);
    expect(await post(`${run.receiverUrl}/cb/nobody`, { who: 'stray' })).toBe(200);
    const [first, second] = await both;

    expect(first.verdict).toMatchObject({ pass: true, exitCode: 0 });
    expect(second.verdict).toMatchObject({ pass: true, exitCode: 0 });
    const callbacks = events.filter((event) => event.type === 'callback');
    expect(callbacks.find((event) => event.body && (event.body as { who: string }).who === 'a')).toMatchObject({ case: 'a', matched: true, sinceAckMs: 250 });
    expect(callbacks.find((event) => (event.body as { who: string }).who === 'stray')).toMatchObject({ matched: false, note: "not sent to this run's callback URL" });
    expect(callbacks.find((event) => (event.body as { who: string }).who === 'stray')).not.toHaveProperty('case');
    const results = events.filter((event) => event.type === 'result');
    expect(results.map((event) => [event.case, event.exitCode, event.runId])).toEqual(expect.arrayContaining([['a', 0, run.runId], ['b', 0, run.runId]]));
  });

  it('times out on the injected clock with exit 3, saying progress every 5s meanwhile', async () => {
    const { clock, said, deps } = engine();
    const { run } = await openRun(deps);
    const plan = await waitFor(2, [], 12_000);
    const outcome = runFireCase(run, { flow: null, ...plan });
    clock.advance(5000);
    expect(said).toEqual(['… waiting for 2 × callbacks: 0 of 2 callbacks so far, 5.0s of 12s']);
    clock.advance(7000);
    const { verdict, result } = await outcome;
    expect(verdict).toMatchObject({ exitCode: 3, reason: 'timed out after 12s waiting for 2 × callbacks (0 of 2 arrived)' });
    expect(result).toMatchObject({ type: 'result', durationMs: 12_000, at: '2026-03-01T12:00:12.000Z' });
  });

  it('ends a waiting case with 130 on SIGINT', async () => {
    const { signals, deps } = engine();
    const { run } = await openRun(deps);
    const waiting = runFireCase(run, { flow: null, ...(await waitFor(1)) });
    signals.emit('SIGINT');
    expect((await waiting).verdict).toMatchObject({ exitCode: 130, reason: 'interrupted while waiting for a verdict' });
  });

  it('turns a bug inside a flow into exit 70 with the result in the record and the receiver closed', async () => {
    const { deps, signals } = engine();
    const record = join(mkdtempSync(join(tmpdir(), 'cbtest-engine-')), 'run.ndjson');
    const { run } = await openRun(deps, record);
    const url = run.receiverUrl!;
    const broken: Flow = { title: 'broken', awaited: { count: 1, description: 'nothing' }, classify: () => ({ matched: true }), start: async () => { throw new TypeError('cannot read x of undefined'); } };
    const outcome = await runFireCase(run, { flow: broken, ...(await waitFor(1)) });
    await run.close();
    expect(outcome.verdict).toMatchObject({ exitCode: 70, reason: 'internal error: cannot read x of undefined' });
    expect(outcome.bug).toBeInstanceOf(TypeError);
    const lines = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CbEvent);
    expect(lines.at(-1)).toMatchObject({ type: 'result', exitCode: 70, runId: run.runId });
    await expect(post(url, {})).rejects.toThrow();
    expect(signals.listening).toBe(0);
  });
});
