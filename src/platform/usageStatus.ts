/** The session's running total of tokens and cost, in the status bar. */
import * as vscode from 'vscode';
import { addUsage, ZERO_USAGE, type Usage } from '../core/usage';
import { formatCost, formatUsage } from '../shared/format';
import { DerivedCommandId } from './contributions';

export class UsageStatus implements vscode.Disposable {
  private total: Usage = ZERO_USAGE;
  private replies = 0;
  private readonly item = vscode.window.createStatusBarItem('claude.usage', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = vscode.l10n.t('Claude usage');
    this.item.command = DerivedCommandId.focusChat;
    this.render();
  }

  get sessionTotal(): Usage {
    return this.total;
  }

  add(usage: Usage): void {
    this.total = addUsage(this.total, usage);
    this.replies += 1;
    this.render();
  }

  private render(): void {
    this.item.text = `$(sparkle) ${formatCost(this.total.costUsd)}`;
    this.item.tooltip = vscode.l10n.t('Claude this session: {0} replies\n{1}', this.replies, formatUsage(this.total));
    if (this.replies > 0) this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
