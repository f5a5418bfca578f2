/**
 * One SDK client per provider. The Anthropic API and gateways use the SDK itself; Bedrock, Vertex
 * and Foundry use Anthropic's own package for each, loaded the first time that provider is used
 * (platformSdks.ts), so that nobody else loads the AWS, Google or Azure code.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import type { Connection, NetworkOptions, TokenSource } from '../core/connection';
import { networkFetch } from './network';
import { platformSdk } from './platformSdks';

export interface CommonOptions {
  maxRetries: number;
  middleware: Middleware[];
  network: NetworkOptions | undefined;
  log: { info(message: string): void; warn(message: string): void };
}

/** The options every client takes, whatever its provider. */
export interface BaseOptions {
  maxRetries: number;
  middleware: Middleware[];
  logLevel: 'off';
  openTelemetry: false;
  fetch?: typeof fetch;
}

export function baseOptions(common: CommonOptions): BaseOptions {
  const f = common.network && ownNetwork(common.network) ? networkFetch(common.network, common.log) : undefined;
  return { maxRetries: common.maxRetries, middleware: common.middleware, logLevel: 'off', openTelemetry: false, ...(f ? { fetch: f } : {}) };
}

/**
 * Whether the network settings ask for more than the extension host's own fetch does: a proxy
 * (http.proxy, HTTPS_PROXY), certificates of our own, NODE_EXTRA_CA_CERTS read afresh, or no
 * certificate checks. Without any of them requests go through the host's fetch, which in desktop
 * VS Code is VS Code's own (its proxy detection from the operating system and PAC scripts, which
 * extensions cannot call, and the system's certificates): switching to ours then would lose them.
 */
export function ownNetwork(n: NetworkOptions): boolean {
  return !!n.proxy || n.ca.length > 0 || !n.strictSSL || !!process.env.NODE_EXTRA_CA_CERTS;
}

export function clientFor(c: Connection, common: CommonOptions): Anthropic {
  switch (c.provider) {
    case 'anthropic':
      // An explicit empty value must fall back to the SDK's own default (ANTHROPIC_BASE_URL or the API).
      return new Anthropic({ ...baseOptions(common), apiKey: c.apiKey, ...(c.baseUrl ? { baseURL: c.baseUrl } : {}) });
    case 'gateway':
      // A gateway is reached with its own credentials only, never ANTHROPIC_API_KEY from the
      // environment: a token command's bearer token (set per request by bearerToken, with a stored
      // gateway key going as x-api-key beside it), else the stored key as the SDK sends keys, else
      // nothing (a gateway that trusts the network).
      if (c.token) {
        return new Anthropic({
          ...baseOptions(common),
          middleware: [...common.middleware, bearerToken(c.token)],
          apiKey: null,
          authToken: null,
          baseURL: c.baseUrl,
          defaultHeaders: { ...c.headers, authorization: null, ...(c.apiKey ? { 'x-api-key': c.apiKey } : {}) },
        });
      }
      return new Anthropic({
        ...baseOptions(common),
        apiKey: c.apiKey ?? null,
        authToken: null,
        baseURL: c.baseUrl,
        defaultHeaders: c.apiKey ? c.headers : { ...c.headers, authorization: null },
      });
    case 'bedrock':
      return platformSdk('bedrock').create(c, baseOptions(common));
    case 'vertex':
      return platformSdk('vertex').create(c, baseOptions(common));
    case 'foundry':
      return platformSdk('foundry').create(c, baseOptions(common));
  }
}

/**
 * Sends the token command's bearer token; when the gateway answers 401, runs the command again
 * once and repeats the request with the new token (a token that expired early).
 */
function bearerToken(token: TokenSource): Middleware {
  return async (request, next) => {
    const send = async (value: string): Promise<Response> => {
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${value}`);
      return next({ ...request, headers });
    };
    const response = await send(await token.get());
    if (response.status !== 401) return response;
    await response.body?.cancel();
    return send(await token.refresh());
  };
}
