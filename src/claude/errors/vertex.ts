/** Google Vertex AI: Application Default Credentials, IAM and Model Garden. */
import { APIError } from '@anthropic-ai/sdk';
import type { Failure } from '../../core/failures';
import { platformModelId } from '../../core/platformModels';
import { causes, clause, type ErrorContext } from './context';

/** google-auth-library's words when no credentials are found anywhere (GoogleAuthExceptionMessages.NO_ADC_FOUND). */
const NO_ADC = /Could not load the default credentials/;
/** OAuth errors of Google's token endpoints for credentials that are no longer good. */
const REFUSED = /\b(invalid_grant|invalid_rapt|unauthorized_client|invalid_client)\b/;

/** The `error` and `error_description` of an OAuth error response kept on a GaxiosError (or its copy). */
function oauthError(e: unknown): { error: string; description: string } | undefined {
  const data = (e as { response?: { data?: unknown } } | null)?.response?.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { error, error_description: description } = data as { error?: unknown; error_description?: unknown };
  return typeof error === 'string' ? { error, description: typeof description === 'string' ? description : '' } : undefined;
}

/** Google's error body: {"error":{"code","message","status"}}, sometimes inside a one-element list. */
function googleStatus(err: APIError): string | undefined {
  const body = Array.isArray(err.error) ? (err.error[0] as unknown) : err.error;
  const status = (body as { error?: { status?: unknown } } | undefined)?.error?.status;
  return typeof status === 'string' ? status : undefined;
}

export function classifyVertex(err: unknown, ctx: ErrorContext): Failure | undefined {
  if (ctx.connection.provider !== 'vertex') return undefined;
  const { projectId, region } = ctx.connection;
  // The token endpoint's own OAuth error, wherever it is in the chain, says it best.
  const oauth = causes(err).map(oauthError).find((o) => o && REFUSED.test(o.error));
  if (oauth) return { kind: 'platform', problem: { code: 'gcpRefused', message: clause(oauth.description ? `${oauth.error}: ${oauth.description}` : oauth.error) } };
  for (const e of causes(err)) {
    if (e instanceof APIError && e.status !== undefined) {
      const message = clause(e.apiMessage ?? e.message);
      switch (e.status) {
        case 401:
          return { kind: 'platform', problem: { code: 'gcpRefused', message } };
        case 403:
          return { kind: 'platform', problem: { code: 'gcpDenied', projectId, message } };
        case 404:
          if (googleStatus(e) === 'NOT_FOUND' || /Publisher Model|not servable|not found/i.test(message)) {
            return { kind: 'platform', problem: { code: 'vertexModel', model: platformModelId(ctx.connection, ctx.model), region, message } };
          }
          return undefined;
        default:
          // 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE and the rest: the API's own classification.
          return undefined;
      }
    }
    if (!(e instanceof Error)) continue;
    if (NO_ADC.test(e.message)) return { kind: 'platform', problem: { code: 'gcpNoCredentials' } };
    if (REFUSED.test(e.message)) return { kind: 'platform', problem: { code: 'gcpRefused', message: clause(e.message) } };
  }
  return undefined;
}
