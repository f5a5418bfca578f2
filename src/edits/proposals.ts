/**
 * A code change Claude proposes, shown in VS Code's diff editor with Accept / Reject. Accepting
 * replaces exactly the original range, as one undo step, and only if that text is still there
 * (see core/editAnchor).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { fitReplacement, resolveAnchor, type Anchor } from '../core/editAnchor';
import type { Log } from '../log';

export const PROPOSAL_SCHEME = 'claude-proposal';

export type AcceptOutcome = 'applied' | 'moved' | 'stale' | 'ambiguous' | 'failed' | 'none';

/** The document as it was when a request was made: what an edit is anchored to. */
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

interface Proposal {
  id: number;
  document: vscode.TextDocument;
  anchor: Anchor;
  replacement: string;
  leftUri: vscode.Uri;
  rightUri: vscode.Uri;
}

/** A read-only file system, or a file whose permissions say read-only. */
async function isReadOnly(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return true;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return ((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
  } catch {
    return false;
  }
}

export class ProposalManager implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private counter = 0;
  private current: Proposal | undefined;
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<'pending' | 'accepted' | 'rejected' | 'stale'>();
  /** Fires when a proposal opens, is accepted, rejected, or found stale. */
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens the diff of the document with the snapshot's range replaced by `code`, and waits for Accept or Reject. */
  async propose(snapshot: Snapshot, code: string, title: string): Promise<void> {
    await this.dismiss();
    const { document, text, anchor } = snapshot;
    const { start, end, originalText } = anchor;
    const replacement = fitReplacement(originalText, code);
    const id = ++this.counter;
    const base = path.basename(document.uri.path) || 'untitled';
    const leftUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/original/${base}` });
    const rightUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/proposed/${base}` });
    this.contents.set(leftUri.toString(), text);
    this.contents.set(rightUri.toString(), text.slice(0, start) + replacement + text.slice(end));
    this.current = { id, document, anchor, replacement, leftUri, rightUri };
    await vscode.commands.executeCommand('setContext', 'claude.proposalPending', true);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, vscode.l10n.t('{0}: {1} ↔ Claude\'s proposal', title, base), {
      preview: false,
    });
    this.stateEmitter.fire('pending');
    // A non-modal prompt as well as the editor title buttons; either settles the proposal.
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Claude proposes a change to {0}.', base), vscode.l10n.t('Accept'), vscode.l10n.t('Reject'))
      .then((choice) => {
        if (this.current?.id !== id) return;
        if (choice === vscode.l10n.t('Accept')) void this.accept();
        else if (choice === vscode.l10n.t('Reject')) void this.reject();
      });
  }

  async accept(): Promise<AcceptOutcome> {
    const p = this.current;
    if (!p) return 'none';
    const doc = p.document;
    if (doc.isClosed) {
      await this.settle(p, 'stale');
      void vscode.window.showWarningMessage(vscode.l10n.t('The file was closed; the change was not applied.'));
      return 'stale';
    }
    if (doc.uri.scheme !== 'untitled' && (await isReadOnly(doc.uri))) {
      await this.settle(p, 'stale');
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is read-only; the change was not applied.', path.basename(doc.uri.path)));
      return 'failed';
    }
    const where = resolveAnchor(p.anchor, doc.version, doc.getText());
    if (!where.ok) {
      await this.settle(p, 'stale');
      const msg =
        where.reason === 'ambiguous'
          ? vscode.l10n.t('The file changed and the original code now appears more than once; nothing was applied. Run the command again.')
          : vscode.l10n.t('The code changed while Claude was answering; nothing was applied. Run the command again on the current code.');
      void vscode.window.showWarningMessage(msg);
      return where.reason === 'ambiguous' ? 'ambiguous' : 'stale';
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(where.start), doc.positionAt(where.end)), p.replacement);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      await this.settle(p, 'stale');
      void vscode.window.showErrorMessage(vscode.l10n.t('The change could not be applied (is the file read-only?).'));
      return 'failed';
    }
    this.log.info(`proposal ${p.id} applied${where.moved ? ' (re-anchored)' : ''}`);
    await this.settle(p, 'accepted');
    await vscode.window.showTextDocument(doc, { preview: false });
    return where.moved ? 'moved' : 'applied';
  }

  async reject(): Promise<void> {
    const p = this.current;
    if (p) await this.settle(p, 'rejected');
  }

  /** Drops a pending proposal without a decision (a new one replaces it). */
  private async dismiss(): Promise<void> {
    if (this.current) await this.settle(this.current, 'rejected');
  }

  private async settle(p: Proposal, state: 'accepted' | 'rejected' | 'stale'): Promise<void> {
    if (this.current?.id === p.id) this.current = undefined;
    await vscode.commands.executeCommand('setContext', 'claude.proposalPending', this.current !== undefined);
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.rightUri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    this.contents.delete(p.leftUri.toString());
    this.contents.delete(p.rightUri.toString());
    this.stateEmitter.fire(state);
  }

  dispose(): void {
    this.registration.dispose();
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }
}
