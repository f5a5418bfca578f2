// A loopback fake of Claude on Microsoft Foundry, as @anthropic-ai/foundry-sdk 1.x reaches it
// (node_modules/@anthropic-ai/foundry-sdk/src/client.ts): the Anthropic Messages API under
// {base}/anthropic/ (https://{resource}.services.ai.azure.com/anthropic/ in real life; the SDK's
// baseURL, claude.baseUrl, points at this fake):
// - POST /anthropic/v1/messages (SSE or JSON) and /anthropic/v1/messages/count_tokens, bodies and
//   replies as the Anthropic API's (the fake Anthropic server's checks and reply scripts);
// - the resource key in `x-api-key` (what the SDK sends for `apiKey`), or a Microsoft Entra ID
//   token in `Authorization: Bearer` (the SDK's azureADTokenProvider); anything else: 401 with
//   Azure's body {"error":{"code":"401","message":"Access denied due to invalid subscription key …"}};
// - a model with no deployment on the resource: 404 {"error":{"code":"DeploymentNotFound", …}}.
import { sendJson, type Exchange } from '../fake-anthropic/exchange';
import { inputTokensFor } from '../fake-anthropic/reply';
import type { RecordedRequest, ReplyScript } from '../fake-anthropic/types';
import { checkMessagesRequest } from '../fake-anthropic/validate';
import { bearerToken, headerValue, PlatformError, replyWithScript, startPlatformServer } from './platformServer';

/** A fake resource key: never a real one. */
export const FAKE_FOUNDRY_KEY = 'fake-foundry-key-0123456789abcdef';
/** A fake Entra ID access token, as `az account get-access-token` would print one. */
export const FAKE_ENTRA_TOKEN = 'eyFake.entra-token.for-tests';

export const FOUNDRY_DEPLOYMENTS = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-sonnet-4-5', 'claude-opus-4-5', 'claude-haiku-4-5'];

const DENIED =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
const NO_DEPLOYMENT =
  'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

export interface FakeFoundry {
  /** The SDK's baseURL (claude.baseUrl): http://127.0.0.1:PORT/anthropic/ */
  url: string;
  requests: RecordedRequest[];
  /** Accepted in x-api-key (default: FAKE_FOUNDRY_KEY). */
  keys: Set<string>;
  /** Accepted as Authorization: Bearer (default: FAKE_ENTRA_TOKEN). */
  tokens: Set<string>;
  /** The models deployed on the resource (default FOUNDRY_DEPLOYMENTS). */
  deployments: Set<string>;
  enqueue(...scripts: ReplyScript[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeFoundry(): Promise<FakeFoundry> {
  const keys = new Set<string>();
  const tokens = new Set<string>();
  const deployments = new Set<string>();
  const defaults = (): void => {
    keys.clear();
    keys.add(FAKE_FOUNDRY_KEY);
    tokens.clear();
    tokens.add(FAKE_ENTRA_TOKEN);
    deployments.clear();
    for (const d of FOUNDRY_DEPLOYMENTS) deployments.add(d);
  };
  defaults();

  const azureError = (status: number, code: string, message: string): PlatformError => new PlatformError(status, { error: { code, message } });

  const server = await startPlatformServer(async (ex: Exchange, url: URL) => {
    const path = url.pathname.replace(/\/+$/, '');
    const route = ex.req.method === 'POST' && path === '/anthropic/v1/messages' ? 'messages' : ex.req.method === 'POST' && path === '/anthropic/v1/messages/count_tokens' ? 'count_tokens' : undefined;
    if (!route) throw azureError(404, '404', 'Resource not found');
    const key = headerValue(ex, 'x-api-key');
    const token = bearerToken(ex);
    if (!(key !== undefined && keys.has(key)) && !(token !== undefined && tokens.has(token))) throw azureError(401, '401', DENIED);
    const req = checkMessagesRequest(ex.body, '2026-10-21', route);
    if (!deployments.has(req.model)) throw azureError(404, 'DeploymentNotFound', NO_DEPLOYMENT);
    if (route === 'count_tokens') return sendJson(ex, 200, { input_tokens: inputTokensFor(req) });
    return replyWithScript(ex, server.state, req);
  });

  return {
    url: `${server.origin}/anthropic/`,
    requests: server.state.requests,
    keys,
    tokens,
    deployments,
    enqueue: (...scripts) => server.state.enqueue(...scripts),
    reset() {
      server.state.reset();
      defaults();
    },
    close: () => server.close(),
  };
}
