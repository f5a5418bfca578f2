/**
 * The proposal in progress: a code change Claude proposes, shown in VS Code's diff editor with
 * Accept / Reject (editor title, a notification, Ctrl+Alt+Enter). One at a time; a new one
 * replaces the last. The edit itself is applyEdit.ts.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { fitReplacement, type Anchor } from '../../core/editAnchor';
import { ContextKey } from '../contributions';
import type { Log } from '../log';
import { applyAnchoredEdit, type AcceptOutcome } from './applyEdit';
import { ProposalDocuments } from './proposalDocuments';
import type { Snapshot } from './snapshot';

export type ProposalState = 'pending' | 'accepted' | 'rejected' | 'stale';

interface Proposal {
  id: number;
  document: vscode.TextDocument;
  anchor: Anchor;
  replacement: string;
  leftUri: vscode.Uri;
  rightUri: vscode.Uri;
}

export class ProposalManager implements vscode.Disposable {
  private counter = 0;
  private current: Proposal | undefined;
  private readonly documents = new ProposalDocuments();
  private readonly stateEmitter = new vscode.EventEmitter<ProposalState>();
  /** Fires when a proposal opens, is accepted, rejected, or found stale. */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly log: Log) {}

  /** Opens the diff of the document with the snapshot's range replaced by `code`, and waits for Accept or Reject. */
  async propose(snapshot: Snapshot, code: string, title: string): Promise<void> {
    await this.dismiss();
    const { document, text, anchor } = snapshot;
    const replacement = fitReplacement(anchor.originalText, code);
    const id = ++this.counter;
    const base = path.basename(document.uri.path) || 'untitled';
    const { left, right } = this.documents.create(id, base, text, text.slice(0, anchor.start) + replacement + text.slice(anchor.end));
    this.current = { id, document, anchor, replacement, leftUri: left, rightUri: right };
    await vscode.commands.executeCommand('setContext', ContextKey.proposalPending, true);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('{0}: {1} ↔ Claude\'s proposal', title, base), {
      preview: false,
    });
    this.stateEmitter.fire('pending');
    this.offerChoice(id, base);
  }

  /** A non-modal prompt as well as the editor title buttons; either settles the proposal. */
  private offerChoice(id: number, base: string): void {
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude proposes a change to {0}.', base), accept, reject).then(async (choice) => {
      if (this.current?.id !== id) return;
      if (choice === accept) await this.accept();
      else if (choice === reject) await this.reject();
    });
  }

  async accept(): Promise<AcceptOutcome> {
    const p = this.current;
    if (!p) return 'none';
    const outcome = await applyAnchoredEdit(p.document, p.anchor, p.replacement, this.log);
    const applied = outcome === 'applied' || outcome === 'moved';
    await this.settle(p, applied ? 'accepted' : 'stale');
    if (applied) {
      this.log.info(`proposal ${p.id} applied${outcome === 'moved' ? ' (re-anchored)' : ''}`);
      await vscode.window.showTextDocument(p.document, { preview: false });
    }
    return outcome;
  }

  async reject(): Promise<void> {
    const p = this.current;
    if (p) await this.settle(p, 'rejected');
  }

  /** Drops a pending proposal without a decision (a new one replaces it). */
  private async dismiss(): Promise<void> {
    if (this.current) await this.settle(this.current, 'rejected');
  }

  private async settle(p: Proposal, state: Exclude<ProposalState, 'pending'>): Promise<void> {
    if (this.current?.id === p.id) this.current = undefined;
    await vscode.commands.executeCommand('setContext', ContextKey.proposalPending, this.current !== undefined);
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.rightUri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    this.documents.forget(p.leftUri, p.rightUri);
    this.stateEmitter.fire(state);
  }

  dispose(): void {
    this.documents.dispose();
    this.stateEmitter.dispose();
  }
}
