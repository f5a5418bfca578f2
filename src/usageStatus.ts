/** The session's running total of tokens and cost, in the status bar. */
import * as vscode from 'vscode';
import { addUsage, ZERO_USAGE } from './core/usage';
import { formatCost, formatUsage } from './shared/format';
import type { UsageView } from './shared/protocol';

export class UsageStatus implements vscode.Disposable {
  private total: UsageView = ZERO_USAGE;
  private replies = 0;
  private readonly item = vscode.window.createStatusBarItem('claude.usage', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = vscode.l10n.t('Claude usage');
    this.item.command = 'claude.chat.focus';
    this.render();
  }

  get sessionTotal(): UsageView {
    return this.total;
  }

  add(usage: UsageView): void {
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
