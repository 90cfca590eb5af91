import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseNdjson, runCliToEnd } from '../helpers/cli.js';

// Characters that change when a URL or a query decoder carries them: a space, a slash, a plus.
const SECRET = 'sk live/+42 Tq8SECRET';
const dir = mkdtempSync(join(tmpdir(), 'cbtest-suite-secrets-'));
const seen: { apiKey?: string } = {};

// An order API that wants the key in a header, echoes it in its answer and in the callback's path, query and body.
const api = Fastify();
api.post('/orders', async (req) => {
  seen.apiKey = String(req.headers['x-api-key']);
  const { callbackUrl } = req.body as { callbackUrl: string };
  const key = encodeURIComponent(seen.apiKey);
  setTimeout(() => void request(`${callbackUrl}/${key}?token=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: seen.apiKey }) }).then((answer) => answer.body.dump()), 10);
  return { accepted: true, key: seen.apiKey };
});
beforeAll(() => api.listen({ port: 0, host: '127.0.0.1' }));
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const SUITE = `name: orders
secrets: { key: "env:ORDER_API_KEY" }
cases:
  - name: the key goes in a header of a request step
    steps:
      - request: { method: POST, url: "\${{ api }}/orders", headers: { x-api-key: "\${{ key }}" }, body: { callbackUrl: "\${{ callbackUrl }}" } }
      - wait: { count: 1, expect: [ '$.body.token == "not the key"' ] }
`;

test('a suite secret used in a request header reaches the API but not the record, stdout or the reports, in any spelling', async () => {
  const suite = join(dir, 'orders.yaml');
  const record = join(dir, 'run.ndjson');
  writeFileSync(suite, SUITE);
  const { port } = api.server.address() as { port: number };
  const reports = { junit: join(dir, 'junit.xml'), json: join(dir, 'report.json'), tap: join(dir, 'report.tap') };
  const run = await runCliToEnd(['run', suite, '--var', `api=http://127.0.0.1:${port}`, '--json', '--record', record, '--report', `junit:${reports.junit}`, '--report', `json:${reports.json}`, '--report', `tap:${reports.tap}`], { env: { ORDER_API_KEY: SECRET } });
  expect(run.code, run.stderr).toBe(1);
  expect(seen.apiKey).toBe(SECRET);

  const shown = `<redacted, ${SECRET.length} chars>`;
  const events = parseNdjson(run.stdout);
  expect(events.find((event) => event.type === 'request')).toMatchObject({ headers: { 'x-api-key': shown } });
  expect(events.find((event) => event.type === 'ack')).toMatchObject({ body: { key: shown } });
  expect(events.find((event) => event.type === 'callback')).toMatchObject({ query: { token: shown }, body: { token: shown } });
  expect(String(events.find((event) => event.type === 'callback')!.path)).toContain(shown);
  expect(readFileSync(reports.junit, 'utf8')).toContain(`got &quot;&lt;redacted, ${SECRET.length} chars&gt;&quot;`);

  const outputs = { stdout: run.stdout, stderr: run.stderr, record: readFileSync(record, 'utf8'), ...Object.fromEntries(Object.entries(reports).map(([name, path]) => [name, readFileSync(path, 'utf8')])) };
  for (const spelling of [SECRET, encodeURIComponent(SECRET), SECRET.replace('+', ' ')]) {
    for (const [where, text] of Object.entries(outputs)) expect(text.includes(spelling), `${where} holds ${spelling}`).toBe(false);
  }
}, 60_000);
