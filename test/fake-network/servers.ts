/**
 * Network pieces for tests, Node only: a TLS front for a plain-http server (the fake Anthropic API
 * served over https with a test certificate) and an http proxy that records what it carried
 * (CONNECT tunnels and absolute-URI requests), optionally asking for credentials.
 */
import * as http from 'http';
import * as net from 'net';
import * as tls from 'tls';
import type { Pem } from './certs';

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** TCP connections accepted so far (a handshake that fails counts too). */
  readonly connections: number;
  close(): Promise<void>;
}

/** Accepts TLS with `pem` on 127.0.0.1 and passes the bytes on to 127.0.0.1:`targetPort`. */
export async function startTlsFront(targetPort: number, pem: Pem): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = tls.createServer({ key: pem.key, cert: pem.cert }, (client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(sockets, upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    connections++;
    track(sockets, s);
  });
  server.on('tlsClientError', () => undefined);
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    close: () => closeServer(server, sockets),
  };
}

export interface TestProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** host:port of every CONNECT, in order (refused ones too). */
  tunnels: string[];
  /** The absolute URL of every plain-http request it forwarded. */
  forwarded: string[];
  /** The Proxy-Authorization header of each request (CONNECT or forwarded), '' when absent. */
  authorizations: string[];
  /** When set, anything without exactly this Proxy-Authorization is answered 407. */
  requireAuthorization: string | undefined;
  close(): Promise<void>;
}

/** An http proxy on 127.0.0.1: CONNECT tunnels, and absolute-URI requests forwarded to their host. */
export async function startTestProxy(): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Omit<TestProxy, 'url' | 'port' | 'close'> = { tunnels: [], forwarded: [], authorizations: [], requireAuthorization: undefined };
  const authorized = (req: http.IncomingMessage): boolean => {
    const given = req.headers['proxy-authorization'] ?? '';
    proxy.authorizations.push(given);
    return proxy.requireAuthorization === undefined || given === proxy.requireAuthorization;
  };

  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI required');
      return;
    }
    proxy.forwarded.push(target.href);
    if (!authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request({ host: target.hostname, port: target.port || 80, method: req.method, path: target.pathname + target.search, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(sockets, client);
    const target = req.url ?? '';
    proxy.tunnels.push(target);
    client.on('error', () => undefined);
    if (!authorized(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(sockets, upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.on('connection', (s: net.Socket) => track(sockets, s));

  const port = await listen(server);
  return Object.assign(proxy, { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server, sockets) });
}

/** A loopback port where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function track(sockets: Set<net.Socket>, s: net.Socket): void {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}
