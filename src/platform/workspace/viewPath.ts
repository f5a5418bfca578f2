/**
 * The `view` command of Claude's text-editor tool: a file's lines numbered like `cat -n` (a range
 * of them if asked), or a directory listed two levels deep; bounded, with a note when cut.
 */
import * as vscode from 'vscode';
import { formatSize } from '../../core/selection';
import { LIMITS, truncationNote } from '../../core/workspace/limits';
import { boundedListing, type ListingEntry } from '../../core/workspace/listing';
import { viewLines } from '../../core/workspace/lineView';
import { readExcludeFiles } from '../settings';
import { WorkspaceExcludes } from './excludes';
import { readFileText } from './fileText';
import { errorResult, refusedResult, stoppedResult } from './toolSupport';
import { isRefused, resolveWorkspacePath, type ResolvedPath, type ResolveOptions } from './workspacePaths';
import type { ToolContext, ToolResult } from './workspaceTool';

export async function viewPath(path: string, viewRange: readonly [number, number] | undefined, ctx: ToolContext, options: ResolveOptions = {}): Promise<ToolResult> {
  try {
    const excludes = options.excludes ?? new WorkspaceExcludes(options.excludeFiles ?? readExcludeFiles());
    const target = await resolveWorkspacePath(path, 'read', { excludes });
    if (isRefused(target)) return refusedResult(path, target);
    if (ctx.signal.aborted) return stoppedResult();
    if (target.stat && target.stat.type & vscode.FileType.Directory) return await listDirectory(target, excludes, ctx.signal);
    return await viewFile(target, viewRange, ctx);
  } catch (err) {
    return errorResult(`Could not view ${path}: ${err instanceof Error ? err.message : String(err)}`, vscode.l10n.t('Could not read {0}', path));
  }
}

async function viewFile(target: ResolvedPath, viewRange: readonly [number, number] | undefined, ctx: ToolContext): Promise<ToolResult> {
  const { display } = target;
  const file = await readFileText(target.uri, ctx, LIMITS.viewFileBytes, target.stat);
  if ('missing' in file) {
    return errorResult(`${display} does not exist. Use find_files to look for a file by name.`, vscode.l10n.t('Not found: {0}', display));
  }
  if ('binary' in file) return errorResult(`${display} is a binary file; only text files can be viewed.`, vscode.l10n.t('Not read: {0} (binary)', display));
  if ('tooLarge' in file) {
    return errorResult(
      `${display} is too large to view (${formatSize(file.tooLarge)}; the limit is ${formatSize(LIMITS.viewFileBytes)}). Use search_text to find what you need in it.`,
      vscode.l10n.t('Not read: {0} (too large)', display),
    );
  }
  const view = viewLines(file.text, viewRange, { maxLines: LIMITS.viewLines, maxChars: LIMITS.viewChars });
  if (!view.ok) return errorResult(`${display}: ${view.error}`, vscode.l10n.t('Could not read {0}', display));
  const summary =
    view.total === 0
      ? vscode.l10n.t('Read {0} (empty)', display)
      : view.first === 1 && view.last === view.total
        ? vscode.l10n.t('Read {0} (lines {1}–{2})', display, view.first, view.last)
        : vscode.l10n.t('Read {0} (lines {1}–{2} of {3})', display, view.first, view.last, view.total);
  return { content: view.text, summary };
}

interface DirEntry {
  name: string;
  uri: vscode.Uri;
  isDirectory: boolean;
  isLink: boolean;
}

/** A directory's entries the model may see: no hidden ones, no excluded ones; directories first. */
async function visibleEntries(dir: vscode.Uri, excludes: WorkspaceExcludes): Promise<DirEntry[]> {
  let raw: [string, vscode.FileType][];
  try {
    raw = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const entries = raw
    .filter(([name]) => !name.startsWith('.'))
    .map(([name, type]) => ({
      name,
      uri: vscode.Uri.joinPath(dir, name),
      isDirectory: (type & vscode.FileType.Directory) !== 0,
      isLink: (type & vscode.FileType.SymbolicLink) !== 0,
    }));
  const kept = await Promise.all(entries.map(async (e) => ((await excludes.check(e.uri, e.isDirectory)) ? undefined : e)));
  return kept
    .filter((e): e is DirEntry => !!e)
    .sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function listDirectory(target: ResolvedPath, excludes: WorkspaceExcludes, signal: AbortSignal): Promise<ToolResult> {
  const base = target.display === '.' ? '' : `${target.display}/`;
  const shownDir = base || './';
  const top = await visibleEntries(target.uri, excludes);
  // The second level, read together; a linked directory is not followed.
  const below = await Promise.all(top.map((e) => (e.isDirectory && !e.isLink && !signal.aborted ? visibleEntries(e.uri, excludes) : Promise.resolve([]))));
  if (signal.aborted) return stoppedResult();
  const entries: ListingEntry[] = [];
  top.forEach((e, i) => {
    const path = `${base}${e.name}${e.isDirectory ? '/' : ''}`;
    entries.push({ path, depth: 1 });
    for (const child of below[i]!) entries.push({ path: `${path}${child.name}${child.isDirectory ? '/' : ''}`, depth: 2 });
  });
  if (entries.length === 0) {
    return { content: `${shownDir} is empty (hidden and excluded entries are not listed).`, summary: vscode.l10n.t('Listed {0} ({1} entries)', shownDir, 0) };
  }
  const listing = boundedListing(entries, LIMITS.listEntries);
  const lines = [`${shownDir}, two levels deep (hidden and excluded entries are not listed):`, ...listing.lines];
  if (listing.shown < listing.total) lines.push(truncationNote(listing.shown, listing.total, 'entries', 'view a subdirectory to see more'));
  const summary =
    listing.shown < listing.total
      ? vscode.l10n.t('Listed {0} ({1} of {2} entries)', shownDir, listing.shown, listing.total)
      : vscode.l10n.t('Listed {0} ({1} entries)', shownDir, listing.total);
  return { content: lines.join('\n'), summary };
}
