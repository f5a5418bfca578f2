// A loopback fake of Claude on Google Vertex AI, as @anthropic-ai/vertex-sdk 1.x reaches it
// (node_modules/@anthropic-ai/vertex-sdk/src/client.ts):
// - POST {base}/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:streamRawPredict
//   (stream: true, SSE with the Anthropic API's events) and :rawPredict (one JSON Message); the
//   body has no `model` (it is in the path) and carries `anthropic_version` (the SDK copies its
//   anthropic-version header there and drops the header);
// - POST .../publishers/anthropic/models/count-tokens:rawPredict: the count_tokens body, model
//   included; answers {input_tokens};
// - `Authorization: Bearer <token>` issued by the fake STS (googleSts.ts) and not expired, else 401
//   UNAUTHENTICATED; another project than the fake's: 403 PERMISSION_DENIED
//   ("Permission 'aiplatform.endpoints.predict' denied on resource …"); a model the region does
//   not serve: 404 NOT_FOUND ("Publisher Model `…` not found."); Google's error body
//   {"error":{"code","message","status"}};
// - replies scripted as the fake Anthropic API's (enqueue); failNext() answers the next model
//   request with a Google-shaped status error (429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE …).
import { badRequest } from '../fake-anthropic/errors';
import { sendJson, type Exchange } from '../fake-anthropic/exchange';
import { isRecord } from '../fake-anthropic/json';
import { inputTokensFor } from '../fake-anthropic/reply';
import type { RecordedRequest, ReplyScript } from '../fake-anthropic/types';
import { checkMessagesRequest } from '../fake-anthropic/validate';
import { FakeGoogleSts, STS_PATH, type CredentialOptions } from './googleSts';
import { bearerToken, PlatformError, replyWithScript, startPlatformServer } from './platformServer';

/** What the SDK puts in the body: its own API version (SDK 1.x: 2026-10-21), or Vertex's documented one. */
export const VERTEX_VERSIONS = ['vertex-2023-10-16', '2026-10-21'];

/** The Claude models the fake's region serves (Vertex ids: a dated 4.x id has its @date). */
export const VERTEX_MODELS = [
  'claude-sonnet-5-5',
  'claude-opus-5-5',
  'claude-haiku-5-5',
  'claude-sonnet-4-5@20250929',
  'claude-opus-4-5@20251101',
  'claude-haiku-4-5@20251001',
];

const MODEL_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Google's JSON error body. */
export function googleError(code: number, message: string): PlatformError {
  return new PlatformError(code, { error: { code, message, status: GOOGLE_STATUS[code] ?? 'UNKNOWN' } });
}

export interface VertexFault {
  status: number;
  message?: string;
}

export interface FakeVertex {
  /** The SDK's baseURL (claude.baseUrl): http://127.0.0.1:PORT/v1 */
  url: string;
  projectId: string;
  region: string;
  /** The model requests (messages and count-tokens), in order, rejected ones included. */
  requests: RecordedRequest[];
  sts: FakeGoogleSts;
  /** Writes external_account credentials that reach this fake's STS (for GOOGLE_APPLICATION_CREDENTIALS). */
  credentials(opts?: CredentialOptions): string;
  enqueue(...scripts: ReplyScript[]): void;
  /** The next model request gets this Google-shaped error instead of a reply. */
  failNext(fault: VertexFault): void;
  /** The models the region serves (default VERTEX_MODELS). */
  models: Set<string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeVertex(opts: { projectId?: string; region?: string } = {}): Promise<FakeVertex> {
  const projectId = opts.projectId ?? 'fake-project';
  const region = opts.region ?? 'us-east5';
  const models = new Set(VERTEX_MODELS);
  const faults: VertexFault[] = [];
  const sts = new FakeGoogleSts();

  const server = await startPlatformServer(
    async (ex: Exchange, url: URL) => {
      if (url.pathname === STS_PATH) return sts.handle(ex);
      const m = MODEL_PATH.exec(url.pathname);
      if (!m || ex.req.method !== 'POST') throw googleError(404, `The requested URL ${url.pathname} was not found on this server.`);
      if (!sts.accepts(bearerToken(ex))) {
        throw googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.');
      }
      const [, project, location, model, method] = m.map((s) => decodeURIComponent(s));
      const resource = `projects/${project}/locations/${location}/publishers/anthropic/models/${model}`;
      if (project !== projectId) {
        throw googleError(403, `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/${resource}' (or it may not exist).`);
      }
      const fault = faults.shift();
      if (fault) throw googleError(fault.status, fault.message ?? `${GOOGLE_STATUS[fault.status] ?? 'Error'} (scripted)`);
      const body = ex.body;
      if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
      if (typeof body.anthropic_version !== 'string' || !VERTEX_VERSIONS.includes(body.anthropic_version)) {
        throw badRequest(`anthropic_version: Input should be ${VERTEX_VERSIONS.map((v) => `'${v}'`).join(' or ')}`);
      }
      const rest: Record<string, unknown> = { ...body };
      delete rest.anthropic_version;
      if (model === 'count-tokens') {
        if (method !== 'rawPredict') throw googleError(400, 'count-tokens is served by :rawPredict only.');
        const req = checkMessagesRequest(rest, '2026-10-21', 'count_tokens');
        if (!models.has(req.model)) throw modelNotFound(`projects/${project}/locations/${location}/publishers/anthropic/models/${req.model}`);
        return sendJson(ex, 200, { input_tokens: inputTokensFor(req) });
      }
      if ('model' in rest) throw badRequest('model: Extra inputs are not permitted (the model is named in the URL).');
      if (!models.has(model) || location !== region) throw modelNotFound(resource);
      const req = checkMessagesRequest({ ...rest, model }, '2026-10-21', 'messages');
      if ((method === 'streamRawPredict') !== (req.stream === true)) {
        throw badRequest(`${method} ${req.stream ? 'does not stream' : 'needs "stream": true'}.`);
      }
      return replyWithScript(ex, server.state, req);
    },
    (url) => url.pathname !== STS_PATH,
  );
  sts.tokenUrl = `${server.origin}${STS_PATH}`;

  return {
    url: `${server.origin}/v1`,
    projectId,
    region,
    requests: server.state.requests,
    sts,
    models,
    credentials: (o) => sts.writeCredentials(o),
    enqueue: (...scripts) => server.state.enqueue(...scripts),
    failNext: (fault) => faults.push(fault),
    reset() {
      server.state.reset();
      sts.reset();
      faults.length = 0;
      models.clear();
      for (const id of VERTEX_MODELS) models.add(id);
    },
    async close() {
      await server.close();
      sts.dispose();
    },
  };
}

function modelNotFound(resource: string): PlatformError {
  return googleError(404, `Publisher Model \`${resource}\` not found.`);
}
