/**
 * The .gitignore files of the workspace, parsed once per version: each use re-stats the file and
 * parses it again only when its modification time or size changed (no watcher to lag behind).
 */
import * as vscode from 'vscode';
import { parseGitignore, type GitignoreFile } from '../../core/workspace/gitignoreRules';

const parsed = new Map<string, { mtime: number; size: number; file: GitignoreFile }>();

/** Git compares names as the file system does: case-insensitively on Windows and macOS. */
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** The .gitignore in `dir` (a directory's URI), parsed, or undefined when there is none. */
export async function loadGitignore(dir: vscode.Uri): Promise<GitignoreFile | undefined> {
  const uri = vscode.Uri.joinPath(dir, '.gitignore');
  const key = uri.toString();
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    parsed.delete(key);
    return undefined;
  }
  if (stat.type & vscode.FileType.Directory) return undefined;
  const cached = parsed.get(key);
  if (cached && cached.mtime === stat.mtime && cached.size === stat.size) return cached.file;
  let content: string;
  try {
    content = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
  const file = parseGitignore(content, vscode.workspace.asRelativePath(uri), IGNORE_CASE);
  parsed.set(key, { mtime: stat.mtime, size: stat.size, file });
  return file;
}
