// Starts and stops code-server (VS Code 1.139 in a browser, with a real Node extension host)
// for the integration and e2e runners (code-server from npm on Node 24; see scripts/setup-code-server.sh).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { findBinaries, freePort, makeTempDir, resultsDir, sleep, tailFile } from './env';

export interface LaunchOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** Extra environment for code-server and so for the extension host (ANTHROPIC_BASE_URL, CLAUDE_TEST_RESULTS, ...). */
  env?: Record<string, string | undefined>;
  /** Defaults to a fresh temporary folder. */
  userDataDir?: string;
  /** Defaults to a fresh temporary (empty) folder. */
  extensionsDir?: string;
  /** Log file for code-server's stdout/stderr; defaults to test-results/code-server-<label>.log. */
  logFile?: string;
  /** Used in the default log file name. */
  label?: string;
  /** Port to listen on (default: a free one). Reuse it to keep the browser origin, e.g. across a restart. */
  port?: number;
  /** How long to wait for the HTTP server (default 90 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** True while the process is running. */
  isRunning(): boolean;
  /** Kills code-server and everything it started (its process group); resolves when they are gone. */
  stop(): Promise<void>;
}

/** Variables that would make code-server talk to another instance or bind elsewhere. */
const STRIPPED_ENV = [
  'VSCODE_IPC_HOOK_CLI',
  'VSCODE_IPC_HOOK',
  'VSCODE_PID',
  'VSCODE_CWD',
  'VSCODE_NLS_CONFIG',
  'VSCODE_HANDLES_UNCAUGHT_ERRORS',
  'VSCODE_ESM_ENTRYPOINT',
  'VSCODE_PROXY_URI',
  'ELECTRON_RUN_AS_NODE',
  'PORT',
  'CODE_SERVER_HOST',
  'CODE_SERVER_CONFIG',
  'CODE_SERVER_SESSION_SOCKET',
  'PASSWORD',
  'HASHED_PASSWORD',
  'VSCODE_OPTIONS',
  'NODE_OPTIONS',
];

export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of STRIPPED_ENV) {
    delete env[key];
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) {
      delete env[k];
    } else {
      env[k] = v;
    }
  }
  return env;
}

// ---- process-group bookkeeping: whatever happens to the runner, its code-servers die with it ----
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) {
    return;
  }
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) {
      killGroup(pid, 'SIGKILL');
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      for (const pid of liveGroups) {
        killGroup(pid, 'SIGKILL');
      }
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Kills every code-server this process started and has not stopped yet. */
export function killAllCodeServers(): void {
  for (const pid of liveGroups) {
    killGroup(pid, 'SIGKILL');
  }
  liveGroups.clear();
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function baseArgs(userDataDir: string, extensionsDir: string, configFile: string): string[] {
  return [
    '--config',
    configFile,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
}

function emptyConfig(dir: string): string {
  // An empty config file: code-server then takes everything from the command line and does not
  // write or read ~/.config/code-server/config.yaml (which may ask for a password).
  const file = path.join(dir, 'code-server-config.yaml');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, '');
  }
  return file;
}

export async function launchCodeServer(opts: LaunchOptions): Promise<CodeServer> {
  const { node24, codeServer } = findBinaries();
  if (!fs.existsSync(opts.workspace)) {
    throw new Error(`workspace folder ${opts.workspace} does not exist`);
  }
  const scratch = makeTempDir('claude-cs-');
  const userDataDir = opts.userDataDir ?? path.join(scratch, 'user');
  const extensionsDir = opts.extensionsDir ?? path.join(scratch, 'exts');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const tmpDir = path.join(scratch, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const label = opts.label ?? 'run';
  const logFile = opts.logFile ?? path.join(resultsDir(), `code-server-${label}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = [
    codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    ...baseArgs(userDataDir, extensionsDir, emptyConfig(scratch)),
    '--disable-workspace-trust',
    '--vscode-option',
    'enable-smoke-test-driver',
    opts.workspace,
  ];
  const logFd = fs.openSync(logFile, 'w');
  fs.writeSync(logFd, `# ${new Date().toISOString()} ${node24} ${args.join(' ')}\n`);
  installExitHooks();
  const child = spawn(node24, args, {
    cwd: opts.workspace,
    // TMPDIR inside the scratch folder: VS Code's IPC sockets and temp files go away with it.
    env: childEnv({ TMPDIR: tmpDir, ...opts.env }),
    stdio: ['ignore', logFd, logFd],
    detached: true, // own process group, so stop() can kill the extension host and helpers too
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not spawn code-server (${node24} ${codeServer})`);
  }
  liveGroups.add(pid);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  child.on('error', (err) => {
    exited = exited ?? { code: -1, signal: null };
    fs.appendFileSync(logFile, `\n# spawn error: ${err.message}\n`);
  });

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    stopped = true;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (groupAlive(pid) || !exited)) {
      await sleep(100);
    }
    if (groupAlive(pid)) {
      killGroup(pid, 'SIGKILL');
      const hard = Date.now() + 5000;
      while (Date.now() < hard && groupAlive(pid)) {
        await sleep(100);
      }
    }
    await Promise.race([exitPromise, sleep(2000)]);
    liveGroups.delete(pid);
    fs.rmSync(scratch, { recursive: true, force: true });
    if (groupAlive(pid)) {
      throw new Error(`code-server process group ${pid} survived SIGKILL`);
    }
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 90_000);
  for (;;) {
    if (exited) {
      liveGroups.delete(pid);
      fs.rmSync(scratch, { recursive: true, force: true });
      throw new Error(
        `code-server exited before answering HTTP (code ${exited.code}, signal ${exited.signal}); log ${logFile}:\n${tailFile(logFile)}`,
      );
    }
    const status = await httpStatus(`${url}/healthz`);
    if (status >= 200 && status < 500) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer HTTP on ${url} in time; log ${logFile}:\n${tailFile(logFile)}`);
    }
    await sleep(250);
  }

  return {
    url,
    port,
    pid,
    userDataDir,
    extensionsDir,
    logFile,
    isRunning: () => !exited,
    stop,
  };
}

/**
 * Installs a .vsix the way a user would (`code-server --install-extension`), into `extensionsDir`.
 * Throws with code-server's output when it fails.
 */
export function installExtension(vsix: string, extensionsDir: string, userDataDir: string): string {
  const { node24, codeServer } = findBinaries();
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(userDataDir, { recursive: true });
  const scratch = makeTempDir('claude-cs-install-');
  const res = spawnSync(
    node24,
    [codeServer, ...baseArgs(userDataDir, extensionsDir, emptyConfig(scratch)), '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 },
  );
  fs.rmSync(scratch, { recursive: true, force: true });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.error || res.status !== 0 || /Failed Installing|error/i.test(res.stderr ?? '')) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${res.status}): ${res.error?.message ?? ''}\n${output}`);
  }
  return output;
}
