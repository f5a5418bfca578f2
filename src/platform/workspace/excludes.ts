/**
 * What the workspace tools never read or change: files matched by files.exclude (its enabled globs,
 * `when` clauses included), by a .gitignore (the folder's and nested ones) or by claude.excludeFiles.
 * A directory matched by any of them excludes everything inside it. One WorkspaceExcludes serves one
 * tool call: it remembers what it learnt about directories and .gitignore files for that call only.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { gitignoreDirs, gitignoreMatch, type GitignoreFile } from '../../core/workspace/gitignoreRules';
import { firstMatchingGlob } from './globMatch';
import { loadGitignore } from './gitignoreFiles';

export interface Exclusion {
  /** "claude.excludeFiles", "files.exclude", ".gitignore" or "src/.gitignore". */
  source: string;
  /** The glob or rule that matched, as written. */
  pattern: string;
}

/** "src/.env is excluded by claude.excludeFiles (**\/.env); it was not read." */
export function exclusionMessage(display: string, exclusion: Exclusion, purpose: 'read' | 'write'): string {
  return `${display} is excluded by ${exclusion.source} (${exclusion.pattern}); it was not ${purpose === 'read' ? 'read' : 'changed'}.`;
}

interface FolderExcludes {
  /** files.exclude globs that are on, with their `when` clause if any. */
  filesExclude: { glob: string; when?: string }[];
}

/** The '/'-separated path of `uri` relative to the directory `dir` ('' for itself), or undefined when it is not inside. */
export function relativeTo(dir: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (dir.scheme !== uri.scheme || dir.authority !== uri.authority) return undefined;
  const base = dir.path.replace(/\/+$/, '');
  if (uri.path === base || uri.path === `${base}/`) return '';
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  return uri.path.slice(base.length + 1).replace(/\/+$/, '');
}

export class WorkspaceExcludes {
  private readonly folders = new Map<string, FolderExcludes>();
  private readonly gitignores = new Map<string, Promise<GitignoreFile | undefined>>();
  private readonly globVerdicts = new Map<string, Promise<Exclusion | undefined>>();
  private readonly excludeFiles: string[];

  constructor(excludeFiles: readonly string[]) {
    this.excludeFiles = excludeFiles.map((g) => g.trim()).filter(Boolean);
  }

  /** Why `uri` is excluded, or undefined when the tools may use it (or it is outside every workspace folder). */
  async check(uri: vscode.Uri, isDirectory = false): Promise<Exclusion | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const rel = relativeTo(folder.uri, uri);
    if (!rel) return undefined;
    const segments = rel.split('/');
    // Globs, shallowest first: a matched directory excludes what is inside it.
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      const found = await this.globVerdict(folder, prefix);
      if (found) return found;
    }
    return this.gitignored(folder, rel, isDirectory);
  }

  private globVerdict(folder: vscode.WorkspaceFolder, prefix: string): Promise<Exclusion | undefined> {
    const key = `${folder.uri.toString()}\n${prefix}`;
    let verdict = this.globVerdicts.get(key);
    if (!verdict) {
      verdict = this.matchGlobs(folder, prefix);
      this.globVerdicts.set(key, verdict);
    }
    return verdict;
  }

  private async matchGlobs(folder: vscode.WorkspaceFolder, prefix: string): Promise<Exclusion | undefined> {
    const uri = vscode.Uri.joinPath(folder.uri, prefix);
    const own = firstMatchingGlob(folder.uri, this.excludeFiles, uri);
    if (own) return { source: 'claude.excludeFiles', pattern: own };
    const { filesExclude } = this.folderExcludes(folder);
    let globs = filesExclude.map((e) => e.glob);
    while (globs.length > 0) {
      const glob = firstMatchingGlob(folder.uri, globs, uri);
      if (!glob) return undefined;
      const when = filesExclude.find((e) => e.glob === glob)?.when;
      if (!when || (await siblingExists(uri, when))) return { source: 'files.exclude', pattern: glob };
      globs = globs.filter((g) => g !== glob);
    }
    return undefined;
  }

  private folderExcludes(folder: vscode.WorkspaceFolder): FolderExcludes {
    const key = folder.uri.toString();
    let found = this.folders.get(key);
    if (!found) {
      const setting = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
      const filesExclude: FolderExcludes['filesExclude'] = [];
      for (const [glob, value] of Object.entries(setting)) {
        if (!glob.trim()) continue;
        if (value === true) filesExclude.push({ glob });
        else if (value && typeof value === 'object' && typeof (value as { when?: unknown }).when === 'string') {
          filesExclude.push({ glob, when: (value as { when: string }).when });
        }
      }
      found = { filesExclude };
      this.folders.set(key, found);
    }
    return found;
  }

  private async gitignored(folder: vscode.WorkspaceFolder, rel: string, isDirectory: boolean): Promise<Exclusion | undefined> {
    const dirs = gitignoreDirs(rel);
    const files = new Map<string, GitignoreFile | undefined>();
    await Promise.all(dirs.map(async (dir) => files.set(dir, await this.gitignoreIn(folder, dir))));
    const match = gitignoreMatch(rel, isDirectory, (dir) => files.get(dir));
    return match && { source: match.file, pattern: match.pattern };
  }

  private gitignoreIn(folder: vscode.WorkspaceFolder, dir: string): Promise<GitignoreFile | undefined> {
    const key = `${folder.uri.toString()}\n${dir}`;
    let file = this.gitignores.get(key);
    if (!file) {
      file = loadGitignore(dir ? vscode.Uri.joinPath(folder.uri, dir) : folder.uri);
      this.gitignores.set(key, file);
    }
    return file;
  }
}

/** files.exclude's `when`: "$(basename).ts" excludes a.js only when a.ts is beside it. */
async function siblingExists(uri: vscode.Uri, when: string): Promise<boolean> {
  const name = path.posix.basename(uri.path);
  const ext = path.posix.extname(name);
  const sibling = when.replace(/\$\(basename\)/g, ext ? name.slice(0, -ext.length) : name);
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(uri, '..', sibling));
    return true;
  } catch {
    return false;
  }
}
