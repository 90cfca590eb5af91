import { spawn } from 'node:child_process';
import { request } from 'undici';
const bin = '/work/wt/relay/bin/cbtest.js';
const relay = spawn(process.execPath, [bin, 'relay', '--redis', 'redis://127.0.0.1:16399', '--port', '18090'], { stdio: ['ignore', 'pipe', 'inherit'] });
relay.stdout.on('data', (d) => process.stdout.write('[relay] ' + d));
await new Promise((res) => relay.stdout.on('data', (d) => String(d).includes('relay http') && res()));
const listen = (extra) => {
  const p = spawn(process.execPath, [bin, 'listen', '--port', '0', '--relay', 'http://127.0.0.1:18090', '--relay-key', 'abcdefabcdefabcdef12', '--json', ...extra], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CI: '1' } });
  p.stdout.on('data', (d) => process.stdout.write('[listen] ' + d));
  return p;
};
const first = listen([]);
const url = await new Promise((res) => first.stdout.on('data', (d) => { const m = /"publicUrl":"([^"]+)"/.exec(String(d)); if (m) res(m[1]); }));
for (const n of [1, 2, 3]) { const r = await request(`${url}/o`, { method: 'POST', body: `{"n":${n}}` }); console.log(n, r.statusCode, await r.body.text()); }
first.kill('SIGKILL');
await new Promise(r => first.once('exit', r));
for (const n of [4, 5]) { const r = await request(`${url}/o`, { method: 'POST', body: `{"n":${n}}` }); console.log(n, r.statusCode, await r.body.text()); }
const second = listen(['--count', '3', '--timeout', '15s']);
await new Promise(r => second.once('exit', r));
relay.kill('SIGINT');
