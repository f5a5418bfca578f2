/**
 * Every change set of this window: opened on demand as one diff per file, accepted per file or all
 * at once, rejected, and "Undo Last Claude Change Set". Views follow through onDidChange.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { Log } from '../log';
import { ChangeSet, currentText, type ChangeFile } from './changeSet';
import { ProposalDocuments } from './proposalDocuments';

export const CHANGE_SET_SCHEME = 'claude-changes';

export type ChangeSetAction = 'diff' | 'accept' | 'reject' | 'undo';

export class ChangeSets implements vscode.Disposable {
  private readonly sets = new Map<string, ChangeSet>();
  /** Sets with files written, most recent last: what Undo puts back. */
  private readonly written: ChangeSet[] = [];
  private readonly documents = new ProposalDocuments(CHANGE_SET_SCHEME);
  private readonly emitter = new vscode.EventEmitter<ChangeSet>();
  /** Fires when a set's files change status. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: Log) {}

  create(): ChangeSet {
    const set = new ChangeSet();
    this.sets.set(set.id, set);
    return set;
  }

  get(id: string): ChangeSet | undefined {
    return this.sets.get(id);
  }

  /** The newest set with a file still waiting for a decision. */
  latestPending(): ChangeSet | undefined {
    return [...this.sets.values()].reverse().find((s) => s.entries.some((f) => f.status === 'pending'));
  }

  /** Runs a user's decision on a set, or on one file of it; false when the set is gone (e.g. after a reload). */
  async run(action: ChangeSetAction, id: string, filePath?: string): Promise<boolean> {
    const set = this.sets.get(id);
    if (!set) {
      void vscode.window.showWarningMessage(vscode.l10n.t('These proposed changes are no longer available (the window was reloaded). Ask Claude again.'));
      return false;
    }
    const files = filePath === undefined ? set.entries : set.entries.filter((f) => f.path === filePath);
    switch (action) {
      case 'diff':
        for (const f of files.slice(0, 1)) await this.showDiff(set, f);
        return true;
      case 'accept':
        await this.accept(set, files);
        return true;
      case 'reject':
        for (const f of files) set.reject(f);
        await this.closeDiffs(set, files);
        break;
      case 'undo':
        await this.undo(set);
        return true;
    }
    this.emitter.fire(set);
    return true;
  }

  private async accept(set: ChangeSet, files: ReadonlyArray<ChangeFile>): Promise<void> {
    for (const f of files) {
      await set.accept(f);
      if (f.status === 'stale') this.log.warn(`change set ${set.id}: ${f.path} not written: ${f.message ?? ''}`);
    }
    if (files.some((f) => f.status === 'accepted') && !this.written.includes(set)) this.written.push(set);
    await this.closeDiffs(set, files);
    const stale = files.filter((f) => f.status === 'stale');
    if (stale.length) void vscode.window.showWarningMessage(stale.map((f) => f.message).join(' '));
    this.emitter.fire(set);
  }

  /** Puts back every file of the most recent set that wrote any. */
  async undoLast(): Promise<ChangeSet | undefined> {
    const set = this.written[this.written.length - 1];
    if (!set) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Claude change set to undo.'));
      return undefined;
    }
    await this.undo(set);
    return set;
  }

  private async undo(set: ChangeSet): Promise<void> {
    for (const f of set.entries) await set.undo(f);
    const kept = set.entries.filter((f) => f.status === 'accepted');
    if (!kept.length) this.written.splice(this.written.indexOf(set), 1);
    else void vscode.window.showWarningMessage(kept.map((f) => f.message).join(' '));
    this.emitter.fire(set);
  }

  private async showDiff(set: ChangeSet, f: ChangeFile): Promise<void> {
    const base = f.status === 'pending' ? ((await currentText(f.uri)) ?? '') : (f.base ?? '');
    const { left, right } = this.documents.create(set.id, f.path, base, f.proposed);
    const title = f.base === undefined ? vscode.l10n.t('{0} (new file) ↔ Claude\'s change', f.path) : vscode.l10n.t('{0} ↔ Claude\'s change', path.basename(f.path));
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
  }

  private async closeDiffs(set: ChangeSet, files: ReadonlyArray<ChangeFile>): Promise<void> {
    const rights = new Set(files.map((f) => vscode.Uri.from({ scheme: CHANGE_SET_SCHEME, path: `/${set.id}/proposed/${f.path}` }).toString()));
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && rights.has(t.input.modified.toString()));
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    this.documents.dispose();
    this.emitter.dispose();
  }
}
