/** Remembers the last text editor the user worked in, since a focused webview has none active. */
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './proposals/proposalDocuments';

export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly sub = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e && e.document.uri.scheme !== PROPOSAL_SCHEME) this.last = e;
  });

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== PROPOSAL_SCHEME) return active;
    if (this.last && vscode.window.visibleTextEditors.includes(this.last)) return this.last;
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== PROPOSAL_SCHEME);
  }

  dispose(): void {
    this.sub.dispose();
  }
}
