// The baselines the benchmark compares cbtest against, each in its own process like cbtest: `node bare-servers.mjs http|fastify`.
import http from 'node:http';
import Fastify from 'fastify';

const kind = process.argv[2];
if (kind === 'http') {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      Buffer.concat(chunks);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
} else {
  const app = Fastify();
  app.post('*', async () => ({ received: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`listening http://127.0.0.1:${app.server.address().port}`);
}
process.on('SIGTERM', () => process.exit(0));
