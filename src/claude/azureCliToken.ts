/**
 * A Microsoft Entra ID token for Foundry from the Azure CLI, as DefaultAzureCredential's
 * AzureCliCredential gets one: `az account get-access-token --resource
 * https://cognitiveservices.azure.com --output json`, run with execFile (no shell but on Windows,
 * where `az` is a .cmd), and kept until shortly before its expiry. The CLI's output is never logged.
 */
import { execFile, type ExecFileException } from 'child_process';

export const COGNITIVE_SERVICES = 'https://cognitiveservices.azure.com';

/** Renew this long before the token expires. */
const MARGIN_MS = 5 * 60_000;
/** When the CLI does not say when its token expires. */
const FALLBACK_LIFETIME_MS = 10 * 60_000;
const TIMEOUT_MS = 20_000;

/** The CLI is missing, signed out or failed; recognised by name (errors/foundry.ts). */
export class AzureCliError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'signedOut' | 'failed',
  ) {
    super(message);
    this.name = 'AzureCliError';
  }
}

interface Token {
  token: string;
  expiresAt: number;
}

export class AzureCliToken {
  private current: Token | undefined;
  private pending: Promise<Token> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached token, or a new one from the CLI (one run for concurrent callers). */
  async get(): Promise<string> {
    if (this.current && this.current.expiresAt - MARGIN_MS > this.now()) return this.current.token;
    this.pending ??= runAz(this.now()).finally(() => (this.pending = undefined));
    this.current = await this.pending;
    return this.current.token;
  }

  /** Forgets the token (Foundry refused it). */
  forget(): void {
    this.current = undefined;
  }
}

function runAz(now: number): Promise<Token> {
  const args = ['account', 'get-access-token', '--resource', COGNITIVE_SERVICES, '--output', 'json'];
  return new Promise<Token>((resolve, reject) => {
    execFile(
      'az',
      args,
      { timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 1 << 20, shell: process.platform === 'win32' },
      (err, stdout, stderr) => {
        if (err) return reject(cliError(err, String(stderr)));
        try {
          resolve(parseToken(String(stdout), now));
        } catch (e) {
          reject(e instanceof AzureCliError ? e : new AzureCliError('The Azure CLI printed something that is not a token.', 'failed'));
        }
      },
    );
  });
}

function cliError(err: ExecFileException, stderr: string): AzureCliError {
  if (err.code === 'ENOENT' || /not recognized as an internal or external command|command not found/i.test(stderr)) {
    return new AzureCliError('The Azure CLI (az) was not found on PATH.', 'missing');
  }
  if (/az login|az account set|AADSTS70043|AADSTS700082|refresh token has expired/i.test(stderr)) {
    return new AzureCliError('The Azure CLI is not signed in (run "az login").', 'signedOut');
  }
  if (err.killed) return new AzureCliError(`The Azure CLI did not answer within ${TIMEOUT_MS / 1000} s.`, 'failed');
  // stderr of a failed run holds the CLI's error, never a token; its first line says what went wrong.
  const line = stderr.split(/\r?\n/).map((l) => l.replace(/^ERROR:\s*/, '').trim()).find((l) => l.length > 0);
  return new AzureCliError(`The Azure CLI could not get a token${line ? `: ${line.slice(0, 300)}` : ''}.`, 'failed');
}

/** `accessToken`, and `expires_on` (seconds since the epoch; az 2.54+) or `expiresOn` (local time). */
function parseToken(stdout: string, now: number): Token {
  const out = JSON.parse(stdout) as { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown };
  if (typeof out.accessToken !== 'string' || !out.accessToken) throw new AzureCliError('The Azure CLI printed no access token.', 'failed');
  const seconds = Number(out.expires_on);
  let expiresAt = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : typeof out.expiresOn === 'string' ? new Date(out.expiresOn).getTime() : NaN;
  if (!Number.isFinite(expiresAt)) expiresAt = now + FALLBACK_LIFETIME_MS;
  return { token: out.accessToken, expiresAt };
}
