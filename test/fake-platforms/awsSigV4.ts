// Checks a request's AWS Signature Version 4 the way AWS does: the access key must be known, its
// session token live, and the signature recomputed with @smithy/signature-v4 from the request as
// it arrived (method, raw path, query, the headers it says it signed, the body's SHA-256) equal
// to the one in the Authorization header. The credential scope must be today's, the configured
// region's and the service's.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'crypto';
import { AwsError } from './awsErrors';

export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials carry one, sent as x-amz-security-token. */
  sessionToken?: string;
}

export interface SigningPolicy {
  region: string;
  service: string;
  /** Access key id → its credentials. */
  credentials: ReadonlyMap<string, FakeAwsCredentials>;
  /** Session tokens that have expired. */
  expiredTokens: ReadonlySet<string>;
}

export interface ReceivedRequest {
  method: string;
  /** The request target as sent: raw (still percent-encoded) path and query. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/** 20260101T120000Z → a Date. */
function parseAmzDate(s: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Resolves when the request is signed by known, live credentials; else throws the AwsError AWS answers. */
export async function checkSigV4(req: ReceivedRequest, policy: SigningPolicy): Promise<FakeAwsCredentials> {
  const auth = AUTH.exec(one(req.headers.authorization) ?? '');
  if (!auth) throw new AwsError('MissingAuthenticationTokenException');
  const [, accessKeyId, shortDate, region, service, signedHeaders, signature] = auth;
  const creds = policy.credentials.get(accessKeyId);
  if (!creds) throw new AwsError('UnrecognizedClientException');
  const token = one(req.headers['x-amz-security-token']);
  if (token !== undefined && policy.expiredTokens.has(token)) throw new AwsError('ExpiredTokenException');
  if (creds.sessionToken !== undefined && token !== creds.sessionToken) throw new AwsError('UnrecognizedClientException');
  const date = parseAmzDate(one(req.headers['x-amz-date']));
  if (!date) throw new AwsError('InvalidSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  if (Math.abs(Date.now() - date.getTime()) > 5 * 60_000) {
    throw new AwsError('InvalidSignatureException', 'Signature expired: the request time is too far from the server time.');
  }
  if (region !== policy.region || service !== policy.service || shortDate !== one(req.headers['x-amz-date'])?.slice(0, 8)) {
    throw new AwsError('InvalidSignatureException', `Credential should be scoped to a valid region and service: ${policy.region}/${policy.service}.`);
  }
  // The body's hash: the one the client claims must be the body's.
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimed = one(req.headers['x-amz-content-sha256']);
  if (claimed !== undefined && claimed !== bodyHash) throw new AwsError('InvalidSignatureException');

  const names = signedHeaders.split(';');
  const headers: Record<string, string> = {};
  for (const n of names) {
    const v = one(req.headers[n]);
    if (v === undefined) throw new AwsError('InvalidSignatureException');
    headers[n] = v;
  }
  const url = new URL(req.target, 'http://fake.invalid');
  const query: Record<string, string[]> = {};
  for (const k of new Set(url.searchParams.keys())) query[k] = url.searchParams.getAll(k);
  const signer = new SignatureV4({ service, region, credentials: creds, sha256: Sha256 });
  const signed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: url.hostname, path: req.target.split('?')[0], query, headers, body: req.body },
    { signingDate: date, signableHeaders: new Set(names) },
  );
  const expected = AUTH.exec(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''));
  if (!expected || expected[6] !== signature || expected[5] !== signedHeaders) throw new AwsError('InvalidSignatureException');
  return creds;
}
