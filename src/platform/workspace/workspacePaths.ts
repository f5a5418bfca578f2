/**
 * Paths the model gives, made safe: relative to the (first) workspace folder, `folderName/…` in a
 * multi-root workspace, or absolute inside a folder. Anything else is refused with a message the model
 * reads: a way out through `..`, an absolute path elsewhere, a symbolic link whose real path leaves
 * the workspace, or a file the user's excludes keep from the tools.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readExcludeFiles } from '../settings';
import { exclusionMessage, relativeTo, WorkspaceExcludes } from './excludes';

export type PathPurpose = 'read' | 'write';

export interface ResolvedPath {
  uri: vscode.Uri;
  /** Workspace-relative, as asRelativePath gives it ("src/a.ts"; "." for a single folder's root). */
  display: string;
  folder: vscode.WorkspaceFolder;
  /** Undefined when nothing is there yet. */
  stat?: vscode.FileStat;
}

export interface RefusedPath {
  /** Why, for the model; names the path. */
  refused: string;
  reason: 'outside' | 'excluded' | 'invalid';
}

export interface ResolveOptions {
  /** claude.excludeFiles (read from the configuration when not given). */
  excludeFiles?: readonly string[];
  /** Reuse one tool call's exclude checks. */
  excludes?: WorkspaceExcludes;
}

export function isRefused<T extends object>(r: T | RefusedPath): r is RefusedPath {
  return 'refused' in r;
}

/** How a path inside the workspace is shown to the model: workspace-relative. */
export function displayPath(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder && relativeTo(folder.uri, uri) === '') return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? folder.name : '.';
  return vscode.workspace.asRelativePath(uri);
}

export async function resolveWorkspacePath(input: string, purpose: PathPurpose, options: ResolveOptions = {}): Promise<ResolvedPath | RefusedPath> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const verb = purpose === 'read' ? 'read' : 'changed';
  if (folders.length === 0) return { refused: `No folder is open in VS Code, so ${input || 'nothing'} cannot be ${verb}: the tools only work inside a workspace folder.`, reason: 'outside' };
  const raw = input.trim();
  if (raw.includes('\0')) return { refused: 'The path contains a NUL character.', reason: 'invalid' };

  const uri = candidateUri(raw || '.', folders);
  const outside = (): RefusedPath => ({
    refused: `${raw} is outside the workspace; only files inside the workspace folder${folders.length > 1 ? 's' : ''} (${folders.map((f) => f.name).join(', ')}) can be ${verb}.`,
    reason: 'outside',
  });
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (!uri || !folder || relativeTo(folder.uri, uri) === undefined) return outside();
  const display = displayPath(uri);

  const real = await realLocation(uri);
  if (real === 'outside') {
    return { refused: `${display} is a symbolic link (or inside one) whose target is outside the workspace; it was not ${verb}.`, reason: 'outside' };
  }

  let stat: vscode.FileStat | undefined;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    stat = undefined;
  }
  const isDirectory = !!stat && (stat.type & vscode.FileType.Directory) !== 0;
  const excludes = options.excludes ?? new WorkspaceExcludes(options.excludeFiles ?? readExcludeFiles());
  const exclusion = (await excludes.check(uri, isDirectory)) ?? (real && real.toString() !== uri.toString() ? await excludes.check(real, isDirectory) : undefined);
  if (exclusion) return { refused: exclusionMessage(display, exclusion, purpose), reason: 'excluded' };

  if (purpose === 'write' && isDirectory) return { refused: `${display} is a directory, not a file.`, reason: 'invalid' };
  return { uri, display, folder, stat };
}

/** The URI a path names, before any check of where it leads (undefined: it cannot be in the workspace). */
function candidateUri(p: string, folders: readonly vscode.WorkspaceFolder[]): vscode.Uri | undefined {
  if (/^[a-zA-Z][\w+.-]+:\/\//.test(p)) {
    try {
      const uri = vscode.Uri.parse(p, true);
      return uri.with({ path: path.posix.normalize(uri.path) });
    } catch {
      return undefined;
    }
  }
  const isAbsolute = path.isAbsolute(p) || path.posix.isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p);
  if (isAbsolute) {
    for (const folder of folders) {
      const rel =
        folder.uri.scheme === 'file'
          ? path.relative(folder.uri.fsPath, path.resolve(p)).split(path.sep).join('/')
          : path.posix.relative(folder.uri.path, path.posix.normalize(p.replace(/\\/g, '/')));
      if (rel === '') return folder.uri;
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && !path.posix.isAbsolute(rel)) return vscode.Uri.joinPath(folder.uri, rel);
    }
    return undefined;
  }
  const slashed = process.platform === 'win32' ? p.replace(/\\/g, '/') : p;
  const normalized = path.posix.normalize(slashed).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  const rest = normalized === '.' ? '' : normalized;
  if (folders.length > 1) {
    const [first, ...tail] = rest.split('/');
    const named = folders.find((f) => f.name === first);
    if (named) return tail.length ? vscode.Uri.joinPath(named.uri, tail.join('/')) : named.uri;
  }
  return rest ? vscode.Uri.joinPath(folders[0]!.uri, rest) : folders[0]!.uri;
}

/**
 * Where a file-scheme URI really is, following symbolic links (for a path that does not exist yet,
 * its nearest existing parent): 'outside' when that leaves every workspace folder, its real URI
 * otherwise. Other schemes have no links to follow: undefined.
 */
export async function realLocation(uri: vscode.Uri): Promise<vscode.Uri | 'outside' | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const roots = await Promise.all(
    (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => fs.realpath(f.uri.fsPath).catch(() => f.uri.fsPath)),
  );
  let target = uri.fsPath;
  let missing: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(target);
      const inside = roots.some((root) => {
        const rel = path.relative(root, real);
        return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
      });
      if (!inside) return 'outside';
      return vscode.Uri.file(path.join(real, ...missing));
    } catch {
      const parent = path.dirname(target);
      if (parent === target) return 'outside';
      missing = [path.basename(target), ...missing];
      target = parent;
    }
  }
}

/**
 * A location a tool found (a search hit, a definition, a diagnostic) as it may be shown: inside the
 * workspace, not through a link leading out, not excluded. Undefined otherwise.
 */
export async function usableLocation(uri: vscode.Uri, excludes: WorkspaceExcludes): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || relativeTo(folder.uri, uri) === undefined) return undefined;
  const real = await realLocation(uri);
  if (real === 'outside') return undefined;
  if (await excludes.check(uri)) return undefined;
  if (real && real.toString() !== uri.toString() && (await excludes.check(real))) return undefined;
  return displayPath(uri);
}
