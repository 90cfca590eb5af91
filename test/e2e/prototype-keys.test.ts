import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli } from '../helpers/cli.js';

describe('query and form members named like Object prototype members', () => {
  it('are recorded as sent and read by assertions (?constructor=2, a __proto__ form field)', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'cbtest-proto-')), 'run.ndjson');
    const run = runCli([
      'listen', '--port', '0', '--count', '1', '--timeout', '20s', '--json', '--record', record,
      '--expect', '$.query.constructor == "2"', '--expect', "$.query['__proto__'] == \"q\"",
      '--expect', '$.body.__proto__ == "p"', '--expect', '$.body.toString == ["a","b"]', '--expect', '$.body.valueOf not exists',
    ]);
    const url = await listeningUrl(run);
    const answer = await request(`${url}/hooks/form?constructor=2&__proto__=q`, {
      method: 'POST',
      body: '__proto__=p&toString=a&toString=b&hasOwnProperty=h',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await answer.body.dump();
    expect(answer.statusCode).toBe(200);
    expect(await run.exited).toBe(0);
    const callback = parseNdjson(readFileSync(record, 'utf8')).find((event) => event.type === 'callback')!;
    expect(callback.query).toEqual({ constructor: '2', ['__proto__']: 'q' });
    expect(JSON.stringify(callback.body)).toBe('{"__proto__":"p","toString":["a","b"],"hasOwnProperty":"h"}');
  });
});
