/** What the user pointed at in the editor, checked before it is sent; a Problem says why not. */
import * as path from 'path';
import * as vscode from 'vscode';
import type { CodeContext } from '../core/prompts';
import { checkSelection, formatSize } from '../core/selection';
import { Problem } from './problems';

export interface EditorTarget {
  document: vscode.TextDocument;
  range: vscode.Range;
  context: CodeContext;
  /** Set when the target is not the selection itself (e.g. "No selection: using the current line."). */
  note?: string;
}

/** With no selection: the current line (explain) or the whole file (code changes). */
export type EmptySelectionFallback = 'line' | 'file';

export function displayName(document: vscode.TextDocument): string {
  if (document.isUntitled) return document.uri.path || 'Untitled';
  return vscode.workspace.asRelativePath(document.uri, false) || path.basename(document.uri.fsPath);
}

export function editorTarget(editor: vscode.TextEditor, fallback: EmptySelectionFallback): EditorTarget {
  const { document, selection } = editor;
  let range: vscode.Range = selection;
  let note: string | undefined;
  if (selection.isEmpty) {
    if (fallback === 'line') {
      range = document.lineAt(selection.active.line).range;
      note = vscode.l10n.t('No selection: using the current line ({0}).', selection.active.line + 1);
    } else {
      range = new vscode.Range(0, 0, document.lineCount, 0);
      range = document.validateRange(range);
      note = vscode.l10n.t('No selection: using the whole file.');
    }
  }
  const code = document.getText(range);
  const problem = checkSelection(code);
  if (problem) {
    const message =
      problem.kind === 'empty'
        ? vscode.l10n.t('There is no code to send: select some code first.')
        : problem.kind === 'whitespace'
          ? vscode.l10n.t('The selection is only whitespace: select some code first.')
          : problem.kind === 'binary'
            ? vscode.l10n.t('This looks like a binary file; Claude can only work on text.')
            : vscode.l10n.t('The selection is too large to send ({0}; the limit is {1}). Select a smaller part.', formatSize(problem.chars), formatSize(problem.limit));
    throw new Problem(message);
  }
  return targetOf(document, range, note);
}

/** A range of a document as the target of a request (no checks). */
export function targetOf(document: vscode.TextDocument, range: vscode.Range, note?: string): EditorTarget {
  return {
    document,
    range,
    note,
    context: {
      code: document.getText(range),
      languageId: document.languageId,
      fileName: displayName(document),
      startLine: range.start.line + 1,
      endLine: Math.max(range.start.line + 1, range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1),
    },
  };
}

/** The editor to work on, or a Problem asking for one. */
export function requireEditor(editor: vscode.TextEditor | undefined): vscode.TextEditor {
  if (editor) return editor;
  throw new Problem(vscode.l10n.t('Open a file and select some code first.'));
}
