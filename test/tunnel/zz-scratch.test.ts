import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { it } from 'vitest';
import { openTunnel } from '../../src/tunnel/open-tunnel.js';
import { answerSelfCheck } from '../../src/tunnel/self-check-route.js';
import { requestThroughTunnel, startLocaltunnelServer } from '../helpers/localtunnel-server.js';

for (const order of ['tunnel-first', 'receiver-first']) {
  it(order, async () => {
    const server = await startLocaltunnelServer();
    const app = Fastify();
    let done!: () => void;
    const last = new Promise<void>((r) => (done = r));
    app.all('/*', async (req, reply) => {
      const c = answerSelfCheck(req.method, req.url);
      if (c) return reply.code(200).send(c.body);
      setImmediate(done);
      return reply.code(200).send('bye');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const t = await openTunnel({ localPort: (app.server.address() as AddressInfo).port, localHost: '127.0.0.1', host: server.url }, () => {});
    const answer = requestThroughTunnel(t.url, { method: 'POST', path: '/x', body: 'x' });
    await last;
    if (order === 'tunnel-first') { await t.close(); await app.close(); } else { await app.close(); await t.close(); }
    const r = await answer;
    console.log(order, r.status, r.body.toString());
    await server.close();
  });
}
