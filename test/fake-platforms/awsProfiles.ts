// A throwaway AWS home for tests of the credential chain: ~/.aws/config and credentials with named
// profiles, SSO token caches (named as the AWS CLI names them: the SHA-1 of the session name or
// start URL), and the process environment cleared of AWS's variables (and restored afterwards), so
// that nothing of the machine's own AWS set-up is read and instance metadata is not asked.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface AwsHome {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** Appends an INI section to ~/.aws/credentials. */
  addCredentials(profile: string, values: Record<string, string>): void;
  /** Appends an INI section to ~/.aws/config: `profile NAME`, `sso-session NAME` or `default`. */
  addConfig(section: string, values: Record<string, string>): void;
  /** Writes the SSO token cache for a session name (sso_session) or a start URL (legacy profiles). */
  writeSsoToken(id: string, token: { accessToken: string; expiresAt: string; region?: string; startUrl?: string }): string;
  remove(): void;
}

const ini = (section: string, values: Record<string, string>): string =>
  `[${section}]\n${Object.entries(values).map(([k, v]) => `${k} = ${v}\n`).join('')}\n`;

export function makeAwsHome(): AwsHome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-aws-home-'));
  const aws = path.join(dir, '.aws');
  fs.mkdirSync(path.join(aws, 'sso', 'cache'), { recursive: true });
  const configFile = path.join(aws, 'config');
  const credentialsFile = path.join(aws, 'credentials');
  fs.writeFileSync(configFile, '');
  fs.writeFileSync(credentialsFile, '');
  return {
    dir,
    configFile,
    credentialsFile,
    addCredentials: (profile, values) => fs.appendFileSync(credentialsFile, ini(profile, values)),
    addConfig: (section, values) => fs.appendFileSync(configFile, ini(section, values)),
    writeSsoToken(id, token) {
      const file = path.join(aws, 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);
      fs.writeFileSync(file, JSON.stringify(token, null, 2));
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const ISOLATED = (k: string): boolean => k.startsWith('AWS_') || k === 'HOME' || k === 'USERPROFILE' || k === 'ANTHROPIC_BEDROCK_BASE_URL';

/**
 * Clears AWS's variables and points the config files (and HOME, for the SSO cache, unless
 * `keepHome`: an extension host's other code reads HOME too) at `home`, with instance metadata off
 * (the chain's last resort fails at once instead of timing out); `set` adds variables. Returns a
 * function that restores the environment as it was.
 */
export function isolateAwsEnv(home: AwsHome, set: Record<string, string> = {}, keepHome = false): () => void {
  const isolated = (k: string): boolean => ISOLATED(k) && !(keepHome && (k === 'HOME' || k === 'USERPROFILE'));
  const saved = Object.entries(process.env).filter(([k]) => isolated(k));
  for (const [k] of saved) delete process.env[k];
  Object.assign(process.env, {
    ...(keepHome ? {} : { HOME: home.dir }),
    AWS_CONFIG_FILE: home.configFile,
    AWS_SHARED_CREDENTIALS_FILE: home.credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...set,
  });
  return () => {
    for (const k of Object.keys(process.env)) if (isolated(k)) delete process.env[k];
    for (const [k, v] of saved) process.env[k] = v;
  };
}
