/**
 * The network: proxies and TLS (untrusted, mismatched or expired certificates), told from the
 * error's causes. The SDK wraps what fetch throws (APIConnectionError, then undici's "fetch failed",
 * then Node's TLS or socket error); the client's middleware throws a NetworkFailure instead for what
 * a retry cannot fix (client.ts), and network.ts a ProxyError for the proxy's own failures.
 */
import { describeConnection } from '../../core/connection';
import type { Failure } from '../../core/failures';
import type { PlatformProblem } from '../../core/platformFailures';
import { causes, type ErrorContext } from './context';

/** Node's (OpenSSL's) codes for a certificate that no trusted authority vouches for. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
/** Outside its validity period: expired, or not yet valid (a wrong clock). */
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * A network failure that a retry cannot fix (a certificate, a proxy that refuses or asks for
 * credentials), thrown by the client's middleware in place of fetch's error. The SDK retries the
 * errors that come from fetch and lets its middleware's own through, so the user is not shown a
 * "network error" countdown for a certificate that will not change. It has no `cause`: the SDK would
 * find fetch's error there and retry after all.
 */
export class NetworkFailure extends Error {
  constructor(readonly problem: PlatformProblem, readonly code: string | undefined) {
    const summary = problemSummary(problem);
    super(code && !summary.includes(code) ? `${summary} (${code})` : summary);
    this.name = 'NetworkFailure';
  }
}

/** The proxy or certificate trouble in an error's causes; `host`: the server it went to. */
export function networkProblem(err: unknown, host: string): PlatformProblem | undefined {
  return findProblem(err, host)?.problem;
}

/** A NetworkFailure for an error of fetch that no retry can fix; undefined for the others. */
export function settledNetworkFailure(err: unknown, host: string): NetworkFailure | undefined {
  const found = findProblem(err, host);
  return found?.settled ? new NetworkFailure(found.problem, found.code) : undefined;
}

export function classifyNetwork(err: unknown, ctx: ErrorContext): Failure | undefined {
  const problem = networkProblem(err, serverOf(ctx));
  return problem ? { kind: 'platform', problem } : undefined;
}

interface Found {
  problem: PlatformProblem;
  /** A retry would meet the same answer. */
  settled: boolean;
  code: string | undefined;
}

function findProblem(err: unknown, host: string): Found | undefined {
  for (const e of causes(err)) {
    if (!(e instanceof Error)) continue;
    const fields = e as Error & { code?: unknown; host?: unknown; problem?: PlatformProblem; proxy?: unknown; status?: unknown };
    // By name, not class: the extension's bundles each have their own copy of the classes.
    if (e.name === 'NetworkFailure' && fields.problem) return { problem: fields.problem, settled: true, code: undefined };
    if (e.name === 'ProxyError' && typeof fields.proxy === 'string') {
      // Retried: a proxy that could not be reached (it may be back). Not: one that answered no, a setting that is not a URL.
      const settled = typeof fields.status === 'number' || typeof fields.code !== 'string';
      return { problem: { code: 'proxy', proxy: fields.proxy, message: e.message }, settled, code: undefined };
    }
    const code = fields.code;
    if (typeof code !== 'string') continue;
    // ERR_TLS_CERT_ALTNAME_INVALID says which host it checked (the proxy's, for an https proxy).
    const where = typeof fields.host === 'string' && fields.host ? fields.host : host;
    if (UNTRUSTED.has(code)) return { problem: { code: 'tlsUntrusted', host: where, reason: `${capitalised(e.message)} (${code})` }, settled: true, code };
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { problem: { code: 'tlsHostname', host: where }, settled: true, code };
    if (EXPIRED.has(code)) return { problem: { code: 'tlsExpired', host: where }, settled: true, code };
  }
  return undefined;
}

/** Where the request went, for an error that does not say: the base URL's host, else the platform. */
function serverOf(ctx: ErrorContext): string {
  const c = ctx.connection;
  try {
    if (c.baseUrl) return new URL(c.baseUrl).host;
  } catch {
    // Not a URL: said as the settings say it.
  }
  return c.provider === 'anthropic' && !c.baseUrl ? 'api.anthropic.com' : describeConnection(c);
}

/** English, for logs (the words a person reads come from platformFailures.ts). */
function problemSummary(p: PlatformProblem): string {
  switch (p.code) {
    case 'tlsUntrusted':
      return `the certificate of ${p.host} is not trusted: ${p.reason}`;
    case 'tlsHostname':
      return `the certificate of ${p.host} is for another host`;
    case 'tlsExpired':
      return `the certificate of ${p.host} has expired or is not yet valid`;
    case 'proxy':
      return `the proxy ${p.proxy} could not be used: ${p.message}`;
    default:
      return p.code;
  }
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
