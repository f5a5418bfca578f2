/** The document as it was when a request was made: what a proposed edit is anchored to. */
import type * as vscode from 'vscode';
import type { Anchor } from '../../core/editAnchor';

export interface Snapshot {
  document: vscode.TextDocument;
  text: string;
  anchor: Anchor;
}

export function takeSnapshot(document: vscode.TextDocument, range: vscode.Range): Snapshot {
  const text = document.getText();
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return { document, text, anchor: { version: document.version, start, end, originalText: text.slice(start, end) } };
}
