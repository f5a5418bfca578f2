/**
 * A fake corporate gateway in front of the fake Anthropic server, like LiteLLM or an API
 * management proxy: it wants a team header and a short-lived bearer token of its own, and holds
 * the upstream key itself. `rotate()` issues a new token and refuses the old one (401), as an
 * expiring token would be. Responses, streams included, are piped back as they come.
 */
import * as http from 'http';
import { listenLoopback } from './loopback';

export interface FakeGateway {
  readonly url: string;
  /** The token the gateway accepts now. */
  readonly token: string;
  /** Issues a new token; the current one is refused from now on. */
  rotate(): string;
  /** What the gateway saw: each request's path, its bearer token and whether it was let through. */
  readonly seen: Array<{ path: string; token: string | undefined; header: string | undefined; status: number }>;
  close(): Promise<void>;
}

export async function startFakeGateway(opts: { upstream: string; upstreamKey: string; header: [string, string] }): Promise<FakeGateway> {
  let generation = 1;
  let token = `gw-token-${generation}-${Math.random().toString(36).slice(2)}`;
  const seen: FakeGateway['seen'] = [];
  const [headerName, headerValue] = opts.header;
  const upstream = new URL(opts.upstream);

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: status === 401 ? 'authentication_error' : 'permission_error', message } }));
  };

  const loopback = await listenLoopback((req, res, body) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const header = req.headers[headerName.toLowerCase()];
    const entry = { path: req.url ?? '', token: bearer, header: Array.isArray(header) ? header[0] : header, status: 0 };
    seen.push(entry);
    if (entry.header !== headerValue) {
      entry.status = 403;
      refuse(res, 403, `${headerName} header missing or unknown`);
      return;
    }
    if (bearer !== token) {
      entry.status = 401;
      refuse(res, 401, bearer ? 'gateway token expired' : 'gateway token required');
      return;
    }
    entry.status = 200;
    const headers = { ...req.headers, host: upstream.host, 'x-api-key': opts.upstreamKey };
    delete headers.authorization;
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', () => refuse(res, 502, 'upstream unreachable'));
    res.on('close', () => forward.destroy());
    forward.end(body);
  });
  return {
    url: loopback.origin,
    get token() {
      return token;
    },
    rotate() {
      generation += 1;
      token = `gw-token-${generation}-${Math.random().toString(36).slice(2)}`;
      return token;
    },
    seen,
    close: () => loopback.close(),
  };
}
