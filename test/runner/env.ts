// Shared plumbing for the real-VS-Code runners: where the repository is, where results go,
// where code-server and Node 24 are (via scripts/setup-code-server.sh), fixtures, free ports and waiting.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The repository root: the nearest folder above this file holding package.json and scripts/setup-code-server.sh. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (
      fs.existsSync(path.join(dir, 'package.json')) &&
      fs.existsSync(path.join(dir, 'scripts', 'setup-code-server.sh'))
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the repository root above ${__dirname}`);
    }
    dir = parent;
  }
}

/** test-results/ (created), or a subfolder of it. */
export function resultsDir(...sub: string[]): string {
  const dir = path.join(repoRoot(), 'test-results', ...sub);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface Binaries {
  /** Node 24 binary that runs code-server. */
  node24: string;
  /** code-server entry script (run it with node24). */
  codeServer: string;
}

let cachedBinaries: Binaries | undefined;

/**
 * Runs scripts/setup-code-server.sh (idempotent, fast when cached) and reads its NODE24= and
 * CODE_SERVER= lines. Throws with the script's stderr when it fails: nothing is skipped.
 */
export function findBinaries(): Binaries {
  if (cachedBinaries) {
    return cachedBinaries;
  }
  const script = path.join(repoRoot(), 'scripts', 'setup-code-server.sh');
  const res = spawnSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.error || res.status !== 0) {
    throw new Error(
      `${script} failed (exit ${res.status ?? res.error?.message}):\n${(res.stderr || '').slice(-4000)}`,
    );
  }
  const get = (key: string): string => {
    const m = new RegExp(`^${key}=(.+)$`, 'm').exec(res.stdout);
    if (!m) {
      throw new Error(`${script} printed no ${key}= line; stdout was:\n${res.stdout}`);
    }
    return m[1].trim();
  };
  const bins = { node24: get('NODE24'), codeServer: get('CODE_SERVER') };
  for (const [name, file] of Object.entries(bins)) {
    if (!fs.existsSync(file)) {
      throw new Error(`${script} reported ${name} at ${file}, which does not exist`);
    }
  }
  cachedBinaries = bins;
  return bins;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** A fresh temporary folder (realpath, so paths compare equal to what VS Code reports). */
export function makeTempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Copies test/fixtures/workspace (or another fixture folder) into `dest`/workspace and returns that path. */
export function copyFixtureWorkspace(dest: string, fixture = 'workspace'): string {
  const src = path.join(repoRoot(), 'test', 'fixtures', fixture);
  if (!fs.existsSync(src)) {
    throw new Error(`fixture folder ${src} does not exist`);
  }
  const ws = path.join(dest, 'workspace');
  fs.cpSync(src, ws, { recursive: true });
  return ws;
}

/** Writes user settings that keep the workbench quiet and deterministic for tests. */
export function writeTestUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    // Keep the built-in AI chat out of the way (its secondary side bar opens by default in 1.139).
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves when `probe` returns a truthy value (which is returned); throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 60_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Polls `probe` every 100 ms until it is true; throws after `timeoutMs`. */
export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  await waitFor(what, probe, timeoutMs);
}

/** Last `maxChars` characters of a file, or '' if it cannot be read. */
export function tailFile(file: string, maxChars = 3000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > maxChars ? '…' + text.slice(-maxChars) : text;
  } catch {
    return '';
  }
}

export function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
