/**
 * What the chat's tools need from the workspace: safe paths and reading. (Interim: the full read-only
 * tools, excludes and bounds land in src/platform/workspace.)
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { Settings } from '../../../platform/settings';
import type { ToolContext, ToolResult, WorkspaceTool } from '../../../platform/workspace/workspaceTool';
import { currentText } from '../../../platform/proposals/changeSet';

export async function resolveWorkspacePath(p: string, _purpose: 'read' | 'write'): Promise<{ uri: vscode.Uri; display: string } | { refused: string }> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return { refused: 'No workspace folder is open.' };
  const rel = path.posix.normalize(p.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (rel.startsWith('..')) return { refused: `${p} is outside the workspace; it was not read.` };
  const uri = vscode.Uri.joinPath(root, rel);
  return { uri, display: vscode.workspace.asRelativePath(uri, false) };
}

export async function viewPath(p: string, range: [number, number] | undefined, ctx: ToolContext): Promise<ToolResult> {
  const r = await resolveWorkspacePath(p, 'read');
  if ('refused' in r) return { content: r.refused, summary: `Refused ${p}`, isError: true };
  const text = ctx.pendingText?.(r.uri) ?? (await currentText(r.uri));
  if (text === undefined) return { content: `${r.display} does not exist.`, summary: `Not found: ${r.display}`, isError: true };
  const lines = text.split('\n');
  const [from, to] = range ? [range[0], range[1] === -1 ? lines.length : range[1]] : [1, lines.length];
  const shown = lines.slice(from - 1, to).map((l, i) => `${String(from + i).padStart(6)}\t${l}`);
  return { content: shown.join('\n'), summary: range ? `Read ${r.display} (lines ${from}–${to})` : `Read ${r.display}` };
}

export function workspaceTools(_settings: Settings): WorkspaceTool[] {
  return [];
}
