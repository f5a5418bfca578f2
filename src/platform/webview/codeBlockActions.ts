/** What the buttons on a code block do, in the reply panel and the chat: copy, insert, apply as a diff. */
import * as vscode from 'vscode';
import type { EditorTracker } from '../editorTracker';
import { Problem } from '../problems';
import type { ProposalManager } from '../proposals/proposalManager';
import { takeSnapshot } from '../proposals/snapshot';

export class CodeBlockActions {
  constructor(private readonly editors: EditorTracker, private readonly proposals: ProposalManager) {}

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard.'), 2000);
  }

  async insert(code: string): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) throw new Problem(vscode.l10n.t('Open a file to insert the code into.'));
    const ok = await editor.edit((b) => b.replace(editor.selection, code));
    if (!ok) throw new Problem(vscode.l10n.t('The code could not be inserted (is the file read-only?).'));
  }

  async apply(code: string): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) throw new Problem(vscode.l10n.t('Open a file and select the code to replace first.'));
    const range = editor.selection.isEmpty
      ? new vscode.Range(0, 0, editor.document.lineCount, 0)
      : new vscode.Range(editor.selection.start, editor.selection.end);
    await this.proposals.propose(takeSnapshot(editor.document, editor.document.validateRange(range)), code, vscode.l10n.t('Apply code from Claude'));
  }
}
