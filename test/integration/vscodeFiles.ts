// Where VS Code keeps things (the user-data-dir, this session's logs), found from inside the
// extension host: the key-leak and token suites search them.
import * as fs from 'fs';
import * as path from 'path';
import { EXTENSION_ID } from './helpers';


/** Files the extension host has open (its log files among them), Linux only. */
function openFiles(): string[] {
  try {
    return fs
      .readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return fs.readlinkSync(path.join('/proc/self/fd', fd));
        } catch {
          return '';
        }
      })
      .filter((p) => p.startsWith('/'));
  } catch {
    return [];
  }
}

/**
 * The user-data-dir(s): `--user-data-dir` on the command line if present, code-server's session
 * socket (it lives in the user-data-dir), and the folder above `logs/<session>/` of any log file
 * the extension host has open.
 */
export function userDataDirs(): string[] {
  const found = new Set<string>();
  const argv = process.argv;
  argv.forEach((a, i) => {
    if (a === '--user-data-dir' && argv[i + 1]) found.add(argv[i + 1]!);
    else if (a.startsWith('--user-data-dir=')) found.add(a.slice('--user-data-dir='.length));
  });
  if (process.env.CODE_SERVER_SESSION_SOCKET) found.add(path.dirname(process.env.CODE_SERVER_SESSION_SOCKET));
  for (const f of openFiles()) {
    const m = /^(.*)[/\\]logs[/\\]\d{8}T\d{6}[/\\]/.exec(f);
    if (m) found.add(m[1]!);
  }
  return [...found].filter((d) => fs.existsSync(d)).map((d) => fs.realpathSync(d));
}

/** The current session's log folders (`…/logs/<session>`), from the log files the extension host has open. */
export function sessionLogDirs(): string[] {
  const found = new Set<string>();
  for (const f of openFiles()) {
    const m = /^(.*[/\\]logs[/\\]\d{8}T\d{6})[/\\]/.exec(f);
    if (m) found.add(m[1]!);
  }
  return [...found];
}

export function walk(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 12) return out;
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The text of the "Claude" output channel's log files of this session. */
export function claudeLogText(): string {
  const files = sessionLogDirs()
    .flatMap((d) => walk(d))
    .filter((f) => /Claude[^/\\]*\.log$/.test(f) && f.includes(EXTENSION_ID));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}
