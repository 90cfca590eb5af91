import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli } from '../helpers/cli.js';

describe('a valid JSON body nested thousands of levels deep', () => {
  it('is answered 200, recorded whole with its exact bytes and a note, and counts toward the gate', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'cbtest-deep-')), 'out.ndjson');
    const run = runCli(['listen', '--port', '0', '--count', '2', '--timeout', '30s', '--json', '--record', record]);
    const url = await listeningUrl(run);
    const deep = `${'['.repeat(6000)}1${']'.repeat(6000)}`;
    const deepObject = `${'{"a":'.repeat(3000)}"x"${'}'.repeat(3000)}`;
    for (const body of [deep, deepObject]) {
      const response = await request(`${url}/hooks/deep`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await response.body.dump();
      expect(response.statusCode).toBe(200);
    }
    expect(await run.exited).toBe(0);

    const events = parseNdjson(readFileSync(record, 'utf8'));
    const seqs = events.map((event) => event.seq as number);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    const callbacks = events.filter((event) => event.type === 'callback');
    expect(callbacks.map((event) => Buffer.from(String(event.bodyBase64), 'base64').toString())).toEqual([deep, deepObject]);
    for (const callback of callbacks) {
      expect(callback).toMatchObject({ body: null, matched: true, response: { status: 200 } });
      expect(String(callback.bodyNote)).toMatch(/nested over 1000 levels deep/);
    }
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0, callbacks: 2 });
  });
});
