/**
 * Git's answer to "is this path ignored?" from the .gitignore files of a workspace folder (the
 * root's and nested ones), parsed with the `ignore` package. As git does, a path inside an ignored
 * directory is ignored whatever deeper files say, and a deeper file's rules win over a shallower one's.
 */
import ignore, { type Ignore } from 'ignore';

export interface GitignoreFile {
  /** Its name for messages, e.g. ".gitignore" or "src/.gitignore". */
  name: string;
  rules: Ignore;
  /** Its rules as written (no comments or blank lines). */
  patterns: string[];
}

export interface GitignoreMatch {
  /** The .gitignore file ("src/.gitignore"). */
  file: string;
  /** The rule that ignores the path, as written ("dist/"). */
  pattern: string;
}

export function parseGitignore(content: string, name: string, ignoreCase: boolean): GitignoreFile {
  const patterns = content
    .split(/\r?\n/)
    .map((l) => l.replace(/(?<!\\)\s+$/, ''))
    .filter((l) => l && !l.startsWith('#'));
  return { name, rules: ignore({ ignorecase: ignoreCase }).add(content), patterns };
}

/**
 * Globs (VS Code's syntax, relative to the .gitignore's folder) for the directories a root
 * .gitignore ignores, so a file search does not walk into them (node_modules/, dist/, .venv). Only
 * rules that are safe to turn into a glob: none when the file re-includes anything (a `!` rule),
 * and only directories ("dist/") or plain names without wildcards ("node_modules", "/build"),
 * whose contents git never looks at again. The exact check still runs on every file found.
 */
export function ignoredDirectoryGlobs(patterns: readonly string[]): string[] {
  if (patterns.some((p) => p.startsWith('!'))) return [];
  const globs: string[] = [];
  for (const raw of patterns) {
    if (/[\\{},[\]]/.test(raw)) continue;
    const directoryOnly = raw.endsWith('/');
    const p = raw.replace(/\/+$/, '');
    if (!p || p === '/' || p.includes('**')) continue;
    if (!directoryOnly && /[*?]/.test(p)) continue;
    const anchored = p.replace(/^\//, '').includes('/') || p.startsWith('/');
    const path = p.replace(/^\//, '');
    globs.push(`${anchored ? path : `**/${path}`}/**`);
  }
  return globs;
}

/** Folder-relative directories whose .gitignore may apply to `relPath` ("" for the folder itself), shallowest first. */
export function gitignoreDirs(relPath: string): string[] {
  const segments = relPath.split('/').filter(Boolean);
  const dirs = [''];
  for (let i = 1; i < segments.length; i++) dirs.push(segments.slice(0, i).join('/'));
  return dirs;
}

/**
 * Why git ignores `relPath` (folder-relative, '/'-separated), or undefined. `gitignoreAt(dir)` gives
 * the .gitignore file of a folder-relative directory ("" is the folder), if it has one.
 */
export function gitignoreMatch(
  relPath: string,
  isDirectory: boolean,
  gitignoreAt: (dir: string) => GitignoreFile | undefined,
): GitignoreMatch | undefined {
  const segments = relPath.split('/').filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const asDirectory = i < segments.length || isDirectory;
    let match: GitignoreMatch | undefined;
    for (let d = 0; d < i; d++) {
      const file = gitignoreAt(segments.slice(0, d).join('/'));
      if (!file) continue;
      const sub = segments.slice(d, i).join('/') + (asDirectory ? '/' : '');
      let result: ReturnType<Ignore['test']>;
      try {
        result = file.rules.test(sub);
      } catch {
        continue; // a name the package cannot take as a relative path
      }
      if (result.ignored) match = { file: file.name, pattern: result.rule?.pattern ?? '' };
      else if (result.unignored) match = undefined;
    }
    if (match) return match;
  }
  return undefined;
}
