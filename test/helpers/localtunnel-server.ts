/**
 * A small, real localtunnel server for tests, on loopback only.
 *
 * Protocol (what @n8n/localtunnel's client expects):
 * - `GET /?new` or `GET /<subdomain>` → `{id, port, max_conn_count, url}`; `port` is a TCP server the
 *   client connects up to `max_conn_count` sockets to.
 * - `GET /api/tunnels/<id>/status` → `{connected_sockets}`, or 404 for an unknown id.
 * - Public requests are piped over one of those sockets (one request per socket, which is then closed and
 *   reopened by the client). They are routed either by Host `<id>.localhost:<port>` or by the path prefix
 *   `/_t/<id>/` (stripped before forwarding), so clients that cannot set Host can reach a tunnel too.
 *   `urlStyle` picks which form the `url` in a grant uses; both always work.
 * - A tunnel whose sockets are all gone for `forgetAfterMs` is forgotten, as localtunnel servers do.
 */
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

export type NewTunnelMode = 'grant' | 'forbid' | 'hang';

export interface LocaltunnelServerOptions {
  port?: number;
  maxConnCount?: number;
  mode?: NewTunnelMode;
  refuseSubdomains?: boolean;
  /** `ip`: grants `http://<id>.127.0.0.1:<port>`, as a real server started without --domain and addressed by IP does. */
  urlStyle?: 'host' | 'path' | 'ip';
  forgetAfterMs?: number;
}

export interface LocaltunnelTestServer {
  /** The --tunnel-host value: http://127.0.0.1:<port>. */
  readonly url: string;
  readonly port: number;
  /** How `/?new` and `/<subdomain>` are answered: grant, 403, or never. */
  mode: NewTunnelMode;
  /** Grant a random id even when a free subdomain was requested. */
  refuseSubdomains: boolean;
  /** Answer public requests lacking a `bypass-tunnel-reminder` header with a 401 HTML reminder page. */
  reminderPage: boolean;
  tunnelIds(): string[];
  connectedSockets(id: string): number;
  /** Forgets a tunnel but leaves its sockets open: the client sees nothing, only the status endpoint knows. */
  forgetSilently(id: string): void;
  /** Simulates a crash: every tunnel, socket and pending request is dropped, the port is freed. */
  stop(): Promise<void>;
  /** Listens again on the same port, with no tunnels. */
  start(): Promise<void>;
  close(): Promise<void>;
}

interface TestTunnel {
  id: string;
  server: net.Server;
  sockets: Set<net.Socket>;
  idle: net.Socket[];
  waiters: Array<(socket: net.Socket) => void>;
  forgetTimer?: NodeJS.Timeout;
}

// The rule localtunnel's server applies to requested subdomains.
const SUBDOMAIN = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export async function startLocaltunnelServer(options: LocaltunnelServerOptions = {}): Promise<LocaltunnelTestServer> {
  const tunnels = new Map<string, TestTunnel>();
  const hanging = new Set<http.ServerResponse>();
  // Tunnels forgotten silently: still holding sockets until stop().
  const orphans = new Set<TestTunnel>();
  const maxConnCount = options.maxConnCount ?? 3;
  const forgetAfterMs = options.forgetAfterMs ?? 2000;
  let server: http.Server | undefined;
  let port = options.port ?? 0;

  const publicUrl = (id: string): string =>
    options.urlStyle === 'path' ? `http://127.0.0.1:${port}/_t/${id}` : `http://${id}.${options.urlStyle === 'ip' ? '127.0.0.1' : 'localhost'}:${port}`;

  const forget = (tunnel: TestTunnel): void => {
    clearTimeout(tunnel.forgetTimer);
    if (tunnels.get(tunnel.id) === tunnel) tunnels.delete(tunnel.id);
    tunnel.server.close();
    for (const socket of tunnel.sockets) socket.destroy();
  };
  const armForget = (tunnel: TestTunnel): void => {
    clearTimeout(tunnel.forgetTimer);
    tunnel.forgetTimer = setTimeout(() => forget(tunnel), forgetAfterMs);
    tunnel.forgetTimer.unref();
  };

  const createTunnel = async (requested: string | undefined): Promise<TestTunnel> => {
    const free = requested !== undefined && !tunnels.has(requested) && !api.refuseSubdomains;
    const id = free ? requested : `lt${randomBytes(5).toString('hex')}`;
    const tunnel: TestTunnel = { id, server: net.createServer(), sockets: new Set(), idle: [], waiters: [] };
    tunnel.server.on('connection', (socket) => {
      clearTimeout(tunnel.forgetTimer);
      tunnel.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        tunnel.sockets.delete(socket);
        tunnel.idle = tunnel.idle.filter((s) => s !== socket);
        if (tunnel.sockets.size === 0 && tunnels.get(id) === tunnel) armForget(tunnel);
        if (tunnel.sockets.size === 0 && orphans.delete(tunnel)) tunnel.server.close();
      });
      const waiter = tunnel.waiters.shift();
      if (waiter) waiter(socket);
      else tunnel.idle.push(socket);
    });
    tunnel.server.listen(0, '127.0.0.1');
    await once(tunnel.server, 'listening');
    tunnels.set(id, tunnel);
    armForget(tunnel);
    return tunnel;
  };

  const takeSocket = (tunnel: TestTunnel): Promise<net.Socket | undefined> => {
    const ready = tunnel.idle.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        tunnel.waiters = tunnel.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, 5000);
      const waiter = (socket: net.Socket): void => {
        clearTimeout(timer);
        resolve(socket);
      };
      tunnel.waiters.push(waiter);
    });
  };

  const proxy = async (tunnel: TestTunnel, path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const socket = await takeSocket(tunnel);
    if (!socket) {
      res.writeHead(504, { 'content-type': 'text/plain' }).end('no tunnel connection');
      return;
    }
    res.on('close', () => socket.destroy());
    const upstream = http.request({
      method: req.method,
      path,
      headers: { ...req.headers, connection: 'close' },
      createConnection: () => socket,
    });
    upstream.on('response', (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      res.writeHead(answer.statusCode ?? 502, headers as http.OutgoingHttpHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('tunnel connection failed');
    });
    req.pipe(upstream);
  };

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const hostId = /^([a-z0-9-]+)\.localhost(?::\d+)?$/i.exec(req.headers.host ?? '')?.[1]?.toLowerCase();
    const pathRoute = /^\/_t\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
    if (hostId !== undefined || pathRoute) {
      const id = hostId ?? pathRoute?.[1] ?? '';
      const rest = hostId !== undefined ? (req.url ?? '/') : `${pathRoute?.[2] ?? '/'}${url.search}`;
      const tunnel = tunnels.get(id);
      if (!tunnel) return json(res, 404, { message: `no tunnel ${id}` });
      if (api.reminderPage && req.headers['bypass-tunnel-reminder'] === undefined) {
        res.writeHead(401, { 'content-type': 'text/html' });
        res.end('<html><body>Friendly reminder: this site is served through a tunnel. Enter the tunnel password, or send a bypass-tunnel-reminder header.</body></html>');
        return;
      }
      return proxy(tunnel, rest, req, res);
    }
    const status = /^\/api\/tunnels\/([^/]+)\/status$/.exec(url.pathname);
    if (status) {
      const tunnel = tunnels.get(decodeURIComponent(status[1] ?? ''));
      if (!tunnel) return json(res, 404, { message: 'Tunnel not found' });
      return json(res, 200, { connected_sockets: tunnel.sockets.size });
    }
    const wantsNew = url.pathname === '/' && url.searchParams.has('new');
    const requested = /^\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!wantsNew && requested === undefined) return json(res, 404, { message: 'not found' });
    if (api.mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (api.mode === 'forbid') return json(res, 403, { message: 'tunnel creation is disabled on this server' });
    if (requested !== undefined && !SUBDOMAIN.test(requested)) {
      return json(res, 403, { message: 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.' });
    }
    const tunnel = await createTunnel(wantsNew ? undefined : requested);
    const address = tunnel.server.address() as net.AddressInfo;
    json(res, 200, { id: tunnel.id, port: address.port, max_conn_count: maxConnCount, url: publicUrl(tunnel.id) });
  };

  const api: LocaltunnelTestServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    mode: options.mode ?? 'grant',
    refuseSubdomains: options.refuseSubdomains ?? false,
    tunnelIds: () => [...tunnels.keys()],
    reminderPage: false,
    connectedSockets: (id) => tunnels.get(id)?.sockets.size ?? 0,
    forgetSilently: (id) => {
      const tunnel = tunnels.get(id);
      if (!tunnel) return;
      clearTimeout(tunnel.forgetTimer);
      tunnels.delete(id);
      orphans.add(tunnel);
    },
    async start() {
      if (server) return;
      const next = http.createServer((req, res) => void handle(req, res));
      next.listen(port, '127.0.0.1');
      await once(next, 'listening');
      port = (next.address() as net.AddressInfo).port;
      server = next;
    },
    async stop() {
      const stopping = server;
      server = undefined;
      for (const res of hanging) res.destroy();
      for (const tunnel of [...tunnels.values(), ...orphans]) forget(tunnel);
      orphans.clear();
      if (!stopping) return;
      const closed = once(stopping, 'close');
      stopping.close();
      stopping.closeAllConnections();
      await closed;
    },
    close: () => api.stop(),
  };
  await api.start();
  return api;
}

export interface TunnelRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface TunnelResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends a request to a public tunnel URL from this server: connects to 127.0.0.1 and sets Host itself. */
export async function requestThroughTunnel(publicUrl: string, request: TunnelRequest = {}): Promise<TunnelResponse> {
  const base = new URL(publicUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${request.path ?? '/'}`;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const outgoing = http.request({
    host: '127.0.0.1',
    port: Number(base.port || 80),
    method: request.method ?? 'GET',
    path,
    headers: { ...request.headers, host: base.host, ...(body ? { 'content-length': String(body.length) } : {}) },
    agent: false,
  });
  outgoing.end(body);
  const [response] = (await once(outgoing, 'response')) as [http.IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) };
}
