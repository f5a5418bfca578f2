/** What the buttons on a code block do, shared by the reply panel and the chat. */
import * as vscode from 'vscode';
import type { ErrorAction, WebviewMessage } from '../shared/protocol';
import type { EditorTracker } from '../editorTracker';
import { takeSnapshot, type ProposalManager } from '../edits/proposals';
import type { Log } from '../log';

export class CodeActions {
  constructor(
    private readonly editors: EditorTracker,
    private readonly proposals: ProposalManager,
    private readonly log: Log,
  ) {}

  /**
   * Handles what every view's code blocks and error boxes post (copy, insert, apply, and error
   * actions other than Retry, which belongs to the view). Returns false for anything else.
   */
  handle(m: WebviewMessage): boolean {
    switch (m.type) {
      case 'copyCode':
        void this.copy(m.code);
        return true;
      case 'insertCode':
        void this.insert(m.code);
        return true;
      case 'applyCode':
        void this.apply(m.code);
        return true;
      case 'action':
        if (m.action === 'retry') return false;
        void this.action(m.action);
        return true;
      default:
        return false;
    }
  }

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard.'), 2000);
  }

  async insert(code: string): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a file to insert the code into.'));
      return;
    }
    const ok = await editor.edit((b) => b.replace(editor.selection, code));
    if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('The code could not be inserted (is the file read-only?).'));
  }

  async apply(code: string): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a file and select the code to replace first.'));
      return;
    }
    const range = editor.selection.isEmpty
      ? new vscode.Range(0, 0, editor.document.lineCount, 0)
      : new vscode.Range(editor.selection.start, editor.selection.end);
    await this.proposals.propose(takeSnapshot(editor.document, editor.document.validateRange(range)), code, vscode.l10n.t('Apply code from Claude'));
  }

  async action(action: ErrorAction): Promise<void> {
    switch (action) {
      case 'setApiKey':
        await vscode.commands.executeCommand('claude.setApiKey');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:claude-assistant-dev.claude-assistant');
        return;
      case 'showLog':
        this.log.show();
        return;
      case 'retry':
        // Retry belongs to the view that owns the request; it handles it before calling here.
        return;
    }
  }
}
