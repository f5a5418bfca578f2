/**
 * The workspace's files matching a glob, through VS Code's file search, minus what the user excludes.
 * VS Code's search applies files.exclude; it is also told search.exclude and the directories the
 * root .gitignore ignores (so it does not walk node_modules/ or dist/); every file found is then
 * checked exactly (all .gitignore files, claude.excludeFiles, links leading out).
 */
import * as vscode from 'vscode';
import { ignoredDirectoryGlobs } from '../../core/workspace/gitignoreRules';
import { LIMITS } from '../../core/workspace/limits';
import type { WorkspaceExcludes } from './excludes';
import { loadGitignore } from './gitignoreFiles';
import { usableLocation } from './workspacePaths';

export interface FoundFile {
  uri: vscode.Uri;
  display: string;
}

export interface FoundFiles {
  /** Sorted by path. */
  files: FoundFile[];
  /** Matched, but left out by .gitignore, claude.excludeFiles or a link leading out of the workspace. */
  excluded: number;
  /** VS Code's search stopped at LIMITS.scannedFiles: there may be more. */
  capped: boolean;
}

/** A glob relative to the workspace folders, for some of them (all, or the one a multi-root `folderName/…` names). */
export interface WorkspaceGlob {
  folders: readonly vscode.WorkspaceFolder[];
  glob: string;
}

/**
 * A glob as the model writes it: relative to each workspace folder, or `folderName/…` for one
 * folder of a multi-root workspace. Undefined when it tries to leave the workspace.
 */
export function workspaceGlob(pattern: string): WorkspaceGlob | undefined {
  const p = pattern.trim().replace(/^(\.\/)+/, '');
  if (p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.split('/').includes('..')) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length > 1) {
    const [first, ...rest] = p.split('/');
    const folder = folders.find((f) => f.name === first);
    if (folder && rest.length) return { folders: [folder], glob: rest.join('/') };
  }
  return { folders, glob: p };
}

/** One glob for findFiles' `exclude`: search.exclude's globs that are on, and the root .gitignore's directories. */
async function searchExclude(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const setting = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const globs = Object.entries(setting)
    .filter(([glob, on]) => on === true && glob.trim())
    .map(([glob]) => glob);
  const gitignore = await loadGitignore(folder.uri);
  if (gitignore) globs.push(...ignoredDirectoryGlobs(gitignore.patterns));
  // Braces cannot nest: a glob with its own braces or commas is left to the exact check.
  const usable = [...new Set(globs.filter((g) => !/[{},]/.test(g)))];
  return usable.length === 0 ? undefined : usable.length === 1 ? usable[0] : `{${usable.join(',')}}`;
}

export async function findWorkspaceFiles(target: WorkspaceGlob, excludes: WorkspaceExcludes, token: vscode.CancellationToken): Promise<FoundFiles> {
  const uris: vscode.Uri[] = [];
  let capped = false;
  for (const folder of target.folders) {
    const room = LIMITS.scannedFiles - uris.length;
    if (room <= 0 || token.isCancellationRequested) break;
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, target.glob), await searchExclude(folder), room, token);
    if (found.length >= room) capped = true;
    uris.push(...found);
  }
  const files: FoundFile[] = [];
  let excluded = 0;
  for (let i = 0; i < uris.length && !token.isCancellationRequested; i += 64) {
    const batch = uris.slice(i, i + 64);
    const displays = await Promise.all(batch.map((uri) => usableLocation(uri, excludes)));
    batch.forEach((uri, j) => {
      const display = displays[j];
      if (display === undefined) excluded++;
      else files.push({ uri, display });
    });
  }
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, excluded, capped };
}
