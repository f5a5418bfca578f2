/**
 * A file's text as the user sees it: the text already changed earlier in this answer (the pending
 * change set) first, then an open document's text (unsaved edits included), then the disk.
 */
import * as vscode from 'vscode';
import type { ToolContext } from './workspaceTool';

export type FileText =
  | { text: string; source: 'pending' | 'editor' | 'disk' }
  | { missing: true }
  | { binary: true }
  | { tooLarge: number };

/** Git's test: a NUL byte in the first 8000 bytes makes a file binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** Text not on disk, or newer than it: the pending change set's, then an open document's. */
export function unsavedText(uri: vscode.Uri, ctx: Pick<ToolContext, 'pendingText'>): { text: string; source: 'pending' | 'editor' } | undefined {
  const pending = ctx.pendingText?.(uri);
  if (pending !== undefined) return { text: pending, source: 'pending' };
  const doc = openDocument(uri);
  return doc ? { text: doc.getText(), source: 'editor' } : undefined;
}

export async function readFileText(uri: vscode.Uri, ctx: Pick<ToolContext, 'pendingText'>, maxBytes: number, knownStat?: vscode.FileStat): Promise<FileText> {
  const unsaved = unsavedText(uri, ctx);
  if (unsaved) return unsaved;
  let stat = knownStat;
  try {
    stat ??= await vscode.workspace.fs.stat(uri);
  } catch {
    return { missing: true };
  }
  if (stat.size > maxBytes) return { tooLarge: stat.size };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return { missing: true };
  }
  if (looksBinary(bytes)) return { binary: true };
  return { text: new TextDecoder('utf-8').decode(bytes), source: 'disk' };
}
