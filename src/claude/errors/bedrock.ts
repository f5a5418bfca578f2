/**
 * Amazon Bedrock: credentials of the AWS chain, SSO, IAM and model access.
 *
 * What the errors look like (see test/fake-platforms/ for a fake that answers the same):
 * - The credential chain's failures come wrapped: the Bedrock SDK throws an APIConnectionError
 *   ("Failed to resolve AWS credentials…") whose cause is the chain's CredentialsProviderError
 *   (bedrockEntry.ts rethrows them unwrapped so that they are not retried). They are told apart by
 *   name and words, not by class: the credential providers are bundled in dist/bedrock.js.
 * - Bedrock's own answers are API errors with AWS's error type in `x-amzn-ErrorType`
 *   ("AccessDeniedException:http://internal.amazon.com/coral/…") and `{"message": …}` as the body.
 * Throttling and server errors (429, 5xx) and exceptions inside a stream are left to the generic
 * classification.
 */
import type { Connection } from '../../core/connection';
import type { Failure } from '../../core/failures';
import type { PlatformProblem } from '../../core/platformFailures';
import { platformModelId } from '../../core/platformModels';
import { causes, clause, type ErrorContext } from './context';

type Bedrock = Extract<Connection, { provider: 'bedrock' }>;

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const SSO = /SSO session|SSO Token|Token is expired|sso_session|sso_start_url|aws sso login/i;
const EXPIRED = /expired/i;
const MODEL_ACCESS = /access to the model|model access|use case details|not subscribed|marketplace/i;
const MODEL_ID = /model identifier|\bmodel id\b|on-demand throughput|inference profile|end of its life/i;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : typeof e === 'string' ? e : '');

/** The credential chain's failure among the causes, if that is what this is. */
function credentialFailure(chain: unknown[]): Error | undefined {
  for (const e of chain) {
    if (e instanceof Error && (CREDENTIAL_ERRORS.has(e.name) || /Could not load credentials from any providers/.test(e.message))) return e;
  }
  return undefined;
}

/** AWS's error type (`x-amzn-ErrorType` without its namespace) and message of an HTTP error. */
function awsError(err: unknown): { type: string; message: string; requestId: string | undefined } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, headers, error } = err as { status?: unknown; headers?: unknown; error?: unknown };
  // Duck-typed: the response may come from undici's own fetch (src/claude/network.ts), not Node's.
  if (typeof status !== 'number' || typeof (headers as { get?: unknown } | undefined)?.get !== 'function') return undefined;
  const get = (name: string): string | undefined => (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const type = get('x-amzn-errortype')?.split(':')[0];
  if (!type) return undefined;
  const body = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; Message?: unknown };
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : '';
  return { type, message, requestId: get('x-amzn-requestid') };
}

function problemOf(type: string, message: string, c: Bedrock, ctx: ErrorContext, profile: string): PlatformProblem | undefined {
  const model = (): PlatformProblem => ({ code: 'bedrockModel', model: platformModelId(c, ctx.model), region: c.region, message: clause(message) });
  switch (type) {
    case 'ExpiredTokenException':
      return { code: 'awsExpired', profile };
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'MissingAuthenticationTokenException':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return { code: 'awsRefused', message: clause(message) };
    case 'AccessDeniedException':
      // IAM's "…is not authorized to perform: bedrock:InvokeModel on resource: …foundation-model/…" names a model too.
      if (/not authorized to perform/i.test(message) && !MODEL_ACCESS.test(message)) return { code: 'awsDenied', message: clause(message) };
      return MODEL_ACCESS.test(message) ? model() : { code: 'awsDenied', message: clause(message) };
    case 'ValidationException':
      return MODEL_ID.test(message) ? model() : undefined;
    case 'ResourceNotFoundException':
      return model();
    default:
      return undefined;
  }
}

export function classifyBedrock(err: unknown, ctx: ErrorContext): Failure | undefined {
  const c = ctx.connection;
  if (c.provider !== 'bedrock') return undefined;
  // The profile the chain used: the setting, else AWS_PROFILE, else the default.
  const profile = c.profile || process.env.AWS_PROFILE || '';
  const chain = causes(err);

  const credential = credentialFailure(chain);
  if (credential) {
    const m = credential.message;
    if (SSO.test(m)) return { kind: 'platform', problem: { code: 'awsSsoExpired', profile } };
    if (EXPIRED.test(m)) return { kind: 'platform', problem: { code: 'awsExpired', profile } };
    return { kind: 'platform', problem: { code: 'awsNoCredentials', profile } };
  }

  for (const e of chain) {
    const aws = awsError(e);
    if (!aws) continue;
    const problem = problemOf(aws.type, aws.message || messageOf(e), c, ctx, profile);
    if (!problem) return undefined;
    return aws.requestId ? { kind: 'platform', problem, requestId: aws.requestId } : { kind: 'platform', problem };
  }
  return undefined;
}
