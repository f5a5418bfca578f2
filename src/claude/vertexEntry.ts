/**
 * Claude on Google Vertex AI through @anthropic-ai/vertex-sdk (dist/vertex.js, loaded on first
 * use). Credentials are Google's Application Default Credentials (gcloud auth application-default
 * login, GOOGLE_APPLICATION_CREDENTIALS, the metadata server), found by google-auth-library.
 */
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import { GoogleAuth } from 'google-auth-library';
import type { Connection } from '../core/connection';
import { causes } from './errors/context';
import type { BaseOptions } from './providers';

type Vertex = Extract<Connection, { provider: 'vertex' }>;

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * One GoogleAuth for every request, so that its access token is reused until it expires (a client
 * of its own per request would ask Google for a token each time). Given the project, it never
 * looks one up (gcloud's configuration, the metadata server). Made afresh when where credentials
 * come from changes, and after a failure: a new `gcloud auth application-default login` is then
 * read, not the refused credentials kept in memory.
 */
let shared: { key: string; auth: GoogleAuth } | undefined;

function googleAuth(projectId: string): GoogleAuth {
  const key = [projectId, process.env.GOOGLE_APPLICATION_CREDENTIALS, process.env.CLOUDSDK_CONFIG].join('\n');
  if (shared?.key !== key) shared = { key, auth: new GoogleAuth({ scopes: CLOUD_PLATFORM, projectId }) };
  return shared.auth;
}

function forget(auth: GoogleAuth): void {
  if (shared?.auth === auth) shared = undefined;
}

/**
 * Google's own verdict on the credentials: none were found, or its token endpoint refused them
 * (invalid_grant and the like, a 4xx). Asking again cannot help, unlike an unreachable endpoint.
 */
function credentialVerdict(err: unknown): Error | undefined {
  return causes(err).find(
    (e): e is Error =>
      e instanceof Error &&
      (/Could not load the default credentials|invalid_grant|invalid_client|unauthorized_client/i.test(e.message) ||
        [400, 401, 403].includes((e as { response?: { status?: number } }).response?.status ?? 0)),
  );
}

/**
 * Drops the shared credentials when Google's token could not be had or Vertex refused it (401).
 * vertex-sdk wraps every failure to get a token in an APIConnectionError, which the SDK retries as
 * a network failure; Google's verdict is rethrown as it is instead, which the SDK does not retry
 * (the classifier, errors/vertex.ts, reads it either way).
 */
function forgetOnFailure(auth: GoogleAuth): Middleware {
  return async (request, next) => {
    try {
      const response = await next(request);
      if (response.status === 401) forget(auth);
      return response;
    } catch (err) {
      forget(auth);
      throw credentialVerdict(err) ?? err;
    }
  };
}

export function create(c: Vertex, options: BaseOptions): Anthropic {
  const auth = googleAuth(c.projectId);
  const client = new AnthropicVertex({
    ...options,
    middleware: [...options.middleware, forgetOnFailure(auth)],
    googleAuth: auth,
    projectId: c.projectId,
    region: c.region,
    ...(c.baseUrl ? { baseURL: c.baseUrl } : {}),
  });
  return client as unknown as Anthropic;
}
