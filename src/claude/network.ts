/**
 * The fetch every client uses: undici's fetch over a dispatcher of our own, so that VS Code's network
 * settings apply to every request, whichever host runs the extension (issue #14):
 * - the proxy (http.proxy, else HTTPS_PROXY / HTTP_PROXY) for every host but those of http.noProxy
 *   (else NO_PROXY): https targets through a CONNECT tunnel, http targets as absolute-URI requests;
 *   http.proxyAuthorization (or user:password in the proxy's URL) answers a proxy that asks;
 * - the certificates to trust, for the server and for an https proxy alike: Node's roots, the
 *   operating system's store (http.systemCertificates, where this Node can read it), the file that
 *   NODE_EXTRA_CA_CERTS names (read here: Node reads it only when it starts, and a list of our own
 *   replaces Node's defaults) and the user's own;
 * - http.proxyStrictSSL false accepts any certificate: the user's explicit choice, logged once.
 * One dispatcher per distinct options, kept alive between requests (no new connection per request).
 */
import { readFileSync } from 'fs';
import * as tls from 'tls';
import { Agent, fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';
import type { NetworkOptions } from '../core/connection';

export interface NetworkLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * The proxy failed before the request reached the server: it could not be reached, refused the
 * tunnel, or asks for credentials (`status`: its answer, when it answered). The message says which,
 * and never holds the proxy's credentials.
 */
export class ProxyError extends Error {
  constructor(readonly proxy: string, message: string, readonly status?: number, readonly code?: string) {
    super(message);
    this.name = 'ProxyError';
  }
}

interface Route {
  direct: Dispatcher;
  proxy: Dispatcher | undefined;
  /** The proxy's URL without credentials, for messages and logs. */
  proxyLabel: string;
}

/** The dispatchers of the latest few distinct options; older ones close once their requests end. */
const MAX_ROUTES = 4;
const routes = new Map<string, Route>();

/**
 * A fetch for the SDK's clients (its `fetch` option). Cheap to call for every request: the
 * dispatcher is made on first use and shared by every fetch of the same options.
 */
export function networkFetch(network: NetworkOptions, log?: NetworkLog): typeof fetch {
  const extraCaFile = process.env.NODE_EXTRA_CA_CERTS ?? '';
  const key = JSON.stringify([
    network.proxy,
    network.noProxy,
    network.strictSSL,
    network.ca,
    network.systemCertificates !== false,
    network.proxyAuthorization ?? '',
    extraCaFile,
  ]);
  const networkFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('networkFetch takes a URL, not a Request');
    const route = routeFor(key, network, extraCaFile, log);
    const url = new URL(input);
    const viaProxy = route.proxy !== undefined && !bypassesProxy(url, network.noProxy);
    const dispatcher = viaProxy ? route.proxy : route.direct;
    try {
      // undici's Response and RequestInit are the web platform's (the global fetch is undici too).
      return (await undiciFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
    } catch (err) {
      throw (viaProxy && proxyFailure(err, route.proxyLabel, url)) || err;
    }
  };
  return networkFetch as typeof fetch;
}

/** Whether http.noProxy (or NO_PROXY) names this URL's host: `*`, `host`, `.domain`, `*.domain`, `host:port`. */
export function bypassesProxy(url: URL, noProxy: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
    if (!entry) return false;
    if (entry === '*') return true;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort && withPort[2] !== port) return false;
    const name = (withPort ? withPort[1] : entry).replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

function routeFor(key: string, network: NetworkOptions, extraCaFile: string, log: NetworkLog | undefined): Route {
  const known = routes.get(key);
  if (known) {
    // Most recently used last.
    routes.delete(key);
    routes.set(key, known);
    return known;
  }
  const route = createRoute(network, extraCaFile, log);
  routes.set(key, route);
  for (const [k, old] of routes) {
    if (routes.size <= MAX_ROUTES) break;
    routes.delete(k);
    // close() lets the requests under way finish (a reply streaming while the settings changed).
    void old.direct.close().catch(() => undefined);
    void old.proxy?.close().catch(() => undefined);
  }
  return route;
}

function createRoute(network: NetworkOptions, extraCaFile: string, log: NetworkLog | undefined): Route {
  const proxyUrl = network.proxy ? parseProxy(network.proxy) : undefined;
  const ca = trustedCertificates(network, extraCaFile, log);
  // One secure context for every connection of this route: building one from a few hundred
  // certificates for each connection would cost a few milliseconds each time.
  const tlsOptions: tls.ConnectionOptions = {
    rejectUnauthorized: network.strictSSL,
    ...(ca ? { secureContext: tls.createSecureContext({ ca }) } : {}),
  };
  if (!network.strictSSL) {
    log?.warn('http.proxyStrictSSL is false: server and proxy certificates are not verified for requests to Claude');
  }
  const direct = new Agent({ connect: tlsOptions });
  if (!proxyUrl) return { direct, proxy: undefined, proxyLabel: '' };
  const proxyLabel = `${proxyUrl.protocol}//${proxyUrl.host}`;
  const proxy = new ProxyAgent({
    uri: proxyUrl.href,
    ...(network.proxyAuthorization ? { token: network.proxyAuthorization } : {}),
    requestTls: tlsOptions,
    proxyTls: tlsOptions,
    // http targets as absolute-URI requests, as browsers and curl send them (many proxies refuse
    // CONNECT to ports other than 443); https targets are tunnelled whatever this says.
    proxyTunnel: false,
  });
  log?.info(`network: through the proxy ${proxyLabel}${network.noProxy.length ? `, except for ${network.noProxy.join(', ')}` : ''}`);
  return { direct, proxy, proxyLabel };
}

/** http.proxy as a URL: `host:port` alone means an http proxy, as in VS Code. */
function parseProxy(proxy: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // Said below, without the value (it may hold a password).
  }
  throw new ProxyError('(http.proxy)', 'The proxy setting is not an http:// or https:// URL');
}

/**
 * The certificates to trust, or undefined for Node's defaults when there is nothing to add. A list
 * replaces Node's defaults, so it starts with Node's roots.
 */
function trustedCertificates(network: NetworkOptions, extraCaFile: string, log: NetworkLog | undefined): string[] | undefined {
  const added = [...(network.systemCertificates !== false ? systemCertificates() : []), ...network.ca];
  if (extraCaFile) {
    try {
      added.push(readFileSync(extraCaFile, 'utf8'));
    } catch (err) {
      log?.warn(`NODE_EXTRA_CA_CERTS names ${extraCaFile}, which cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return added.length ? [...tls.rootCertificates, ...added] : undefined;
}

let systemStore: readonly string[] | undefined;

/**
 * The operating system's trusted certificates: tls.getCACertificates('system') of Node 22.15+ (VS
 * Code's extension host); none where Node cannot read them (Node 20). Read once: the store is slow to
 * read on some systems, and a certificate added later takes a reload, as in VS Code itself.
 */
function systemCertificates(): readonly string[] {
  if (!systemStore) {
    const read = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
    try {
      systemStore = read?.('system') ?? [];
    } catch {
      systemStore = [];
    }
  }
  return systemStore;
}

/** Connection failures that, through a proxy, are the proxy's: this process connects to nothing else. */
const PROXY_CONNECT: Record<string, string> = {
  ECONNREFUSED: 'The proxy refused the connection (ECONNREFUSED)',
  ENOTFOUND: 'The proxy\'s host name was not found (ENOTFOUND)',
  EAI_AGAIN: 'The proxy\'s host name could not be looked up (EAI_AGAIN)',
  EHOSTUNREACH: 'The proxy cannot be reached (EHOSTUNREACH)',
  ENETUNREACH: 'The proxy cannot be reached (ENETUNREACH)',
  ECONNRESET: 'The proxy closed the connection (ECONNRESET)',
  // Without the code in the words: the SDK reads "timed out" in a message as its own timeout.
  ETIMEDOUT: 'The proxy did not accept the connection in time',
  UND_ERR_CONNECT_TIMEOUT: 'The proxy did not accept the connection in time',
};

/** A failure of a request sent through the proxy, when it is the proxy's (not the server's, nor TLS). */
function proxyFailure(err: unknown, proxy: string, url: URL): ProxyError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    // undici: "Proxy response (403) !== 200 when HTTP Tunneling"; "Proxy Authentication Required (407)".
    const status = /Proxy response \((\d{3})\)/.exec(e.message)?.[1] ?? (/Proxy Authentication Required \(407\)/.test(e.message) ? '407' : undefined);
    if (status === '407') return new ProxyError(proxy, 'The proxy asks for credentials (407 Proxy Authentication Required)', 407);
    if (status) return new ProxyError(proxy, `The proxy answered ${status} when asked to connect to ${url.host}`, Number(status));
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in PROXY_CONNECT) return new ProxyError(proxy, PROXY_CONNECT[code], undefined, code);
  }
  return undefined;
}
