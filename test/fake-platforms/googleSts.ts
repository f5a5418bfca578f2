// A fake Google Security Token Service and the Application Default Credentials that use it.
//
// google-auth-library ignores a service-account key's `token_uri` (its gtoken posts the RS256 JWT
// to the hard-coded https://oauth2.googleapis.com/token), and an authorized_user file has no token
// endpoint either. The credential type whose token endpoint the file itself names is
// `external_account` (workload identity federation): the library reads an OIDC ID token from
// `credential_source.file` and exchanges it at `token_url` (RFC 8693 token exchange) for an access
// token. So the fake plays both sides of that: an OIDC provider whose RS256 key is generated at test
// time (never stored), and an STS that verifies the ID token's signature with the public key, its
// audience and expiry, and issues access tokens with expires_in.
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { sendJson, type Exchange } from '../fake-anthropic/exchange';
import { isRecord, parseJson } from '../fake-anthropic/json';

export const STS_PATH = '/sts/v1/token';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const ISSUER = 'https://oidc.fake-ci.example';

/** A token request as the STS saw it. */
export interface StsRequest {
  grantType: string | null;
  audience: string | null;
  scope: string | null;
  /** The ID token was signed by the provider's key, for the pool, and not expired. */
  subjectTokenValid: boolean;
  /** The access token issued, if any. */
  issued?: string;
}

export interface CredentialOptions {
  /** 'stranger': the ID token is signed by a key the provider does not have (STS: invalid_grant). */
  signer?: 'provider' | 'stranger';
  /** The ID token expired an hour ago (STS: invalid_grant). */
  expired?: boolean;
}

const b64url = (v: Buffer | string): string => Buffer.from(v).toString('base64url');

export class FakeGoogleSts {
  /** The workload identity pool provider the credentials name. */
  readonly audience = '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/fake-pool/providers/fake-oidc';
  readonly requests: StsRequest[] = [];
  /** Access token → expiry (ms since the epoch). */
  private readonly issued = new Map<string, number>();
  private readonly provider = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly dir = mkdtempSync(join(tmpdir(), 'fake-gcp-'));
  private files = 0;
  /** Seconds an access token lives. */
  expiresIn = 3600;

  /** Where the STS is (set once its server listens). */
  tokenUrl = '';

  /**
   * Writes an external_account credentials file (and the ID token it reads) in a temp folder:
   * the value for GOOGLE_APPLICATION_CREDENTIALS.
   */
  writeCredentials(opts: CredentialOptions = {}): string {
    const n = ++this.files;
    const tokenFile = join(this.dir, `id-token-${n}.jwt`);
    writeFileSync(tokenFile, this.idToken(opts));
    const file = join(this.dir, `credentials-${n}.json`);
    const config = {
      type: 'external_account',
      audience: this.audience,
      subject_token_type: JWT_TOKEN_TYPE,
      token_url: this.tokenUrl,
      credential_source: { file: tokenFile },
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  /** An OIDC ID token for the pool, RS256-signed. */
  private idToken(opts: CredentialOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const iat = opts.expired ? now - 7200 : now;
    const header = { alg: 'RS256', typ: 'JWT', kid: 'fake-key-1' };
    const payload = { iss: ISSUER, sub: 'repo:example/app:ref:refs/heads/main', aud: `https:${this.audience}`, iat, exp: iat + 3600 };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const key = opts.signer === 'stranger' ? this.stranger.privateKey : this.provider.privateKey;
    return `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), key))}`;
  }

  /** Whether the ID token is the provider's (RS256 signature), for this pool, and current; else why not. */
  private checkIdToken(token: string, publicKey: KeyObject): string | undefined {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) return 'The subject token is not a JWT.';
    const header = parseJson(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = parseJson(Buffer.from(p, 'base64url').toString('utf8'));
    if (!isRecord(header) || header.alg !== 'RS256') return 'The JWT must be signed with RS256.';
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return 'Invalid JWT signature.';
    if (!isRecord(payload)) return 'The JWT payload is not a JSON object.';
    if (payload.iss !== ISSUER) return `The issuer in ID Token ${String(payload.iss)} does not match the expected issuer.`;
    if (payload.aud !== `https:${this.audience}`) return 'The audience in ID Token does not match the expected audience.';
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now()) return 'ID Token issued at and expiration time are not valid: the token has expired.';
    return undefined;
  }

  /** POST token_url: application/x-www-form-urlencoded, RFC 8693. */
  handle(ex: Exchange): void {
    const form = new URLSearchParams(ex.rec.rawBody);
    const rec: StsRequest = { grantType: form.get('grant_type'), audience: form.get('audience'), scope: form.get('scope'), subjectTokenValid: false };
    this.requests.push(rec);
    const fail = (status: number, error: string, description: string): void => sendJson(ex, status, { error, error_description: description });
    if (ex.req.method !== 'POST') return fail(405, 'invalid_request', 'POST only.');
    if (rec.grantType !== TOKEN_EXCHANGE) return fail(400, 'unsupported_grant_type', `Unsupported grant_type: ${String(rec.grantType)}`);
    if (rec.audience !== this.audience) {
      return fail(400, 'invalid_target', 'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.');
    }
    if (form.get('subject_token_type') !== JWT_TOKEN_TYPE) return fail(400, 'invalid_request', 'Invalid subject_token_type.');
    const problem = this.checkIdToken(form.get('subject_token') ?? '', this.provider.publicKey);
    if (problem) return fail(400, 'invalid_grant', problem);
    rec.subjectTokenValid = true;
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, Date.now() + this.expiresIn * 1000);
    rec.issued = token;
    sendJson(ex, 200, {
      access_token: token,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: this.expiresIn,
    });
  }

  /** Whether this STS issued the token and it has not expired. */
  accepts(token: string | undefined): boolean {
    const expiry = token ? this.issued.get(token) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  reset(): void {
    this.requests.length = 0;
    this.issued.clear();
    this.expiresIn = 3600;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
