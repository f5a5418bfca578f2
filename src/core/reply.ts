/**
 * One assistant reply as it streams: text and thinking grow by deltas, then it ends once,
 * complete or not. The views and the history are built from this, so they always agree.
 */
import * as l10n from '@vscode/l10n';
import type { ChangeSetView, ToolStep } from './agent/toolSteps';
import type { ErrorReport } from './failures';
import type { Turn } from './conversation/turns';
import type { Usage } from './usage';

export class ReplyAssembly {
  private text = '';
  private thinking = '';
  private ended = false;
  private incomplete: string | undefined;
  private usage: Usage | undefined;
  private error: ErrorReport | undefined;
  private readonly steps: ToolStep[] = [];
  private changeSet: ChangeSetView | undefined;
  private notice: string | undefined;

  constructor(readonly id: string, readonly model: string) {}

  get isEnded(): boolean {
    return this.ended;
  }

  appendText(delta: string): void {
    if (!this.ended) this.text += delta;
  }

  appendThinking(delta: string): void {
    if (!this.ended) this.thinking += delta;
  }

  /**
   * A new request of a tool loop begins: its text is a new paragraph after what earlier steps said.
   * Returns the separator to show, if one is needed.
   */
  nextRequest(): string {
    if (this.ended || !this.text || this.text.endsWith('\n\n')) return '';
    const sep = this.text.endsWith('\n') ? '\n' : '\n\n';
    this.text += sep;
    return sep;
  }

  addStep(step: ToolStep): void {
    if (!this.ended) this.steps.push(step);
  }

  setChangeSet(view: ChangeSetView | undefined): void {
    this.changeSet = view;
  }

  /** Something the user should know about how the reply was made (e.g. the tool-step cap was reached). */
  setNotice(notice: string): void {
    this.notice = notice;
  }

  /** The reply finished; a stop reason other than end_turn/stop_sequence marks it incomplete. */
  complete(usage: Usage, stopReason: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.usage = usage;
    if (stopReason === 'max_tokens') this.incomplete = l10n.t('Reached the max tokens limit (claude.maxTokens).');
    else if (stopReason === 'refusal') this.incomplete = l10n.t('Claude declined to answer.');
    else if (stopReason === 'model_context_window_exceeded') this.incomplete = l10n.t('Reached the model\'s context window.');
  }

  /** The reply ended early; what streamed so far is kept and marked with why. */
  fail(error: ErrorReport, usage?: Usage): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.incomplete = error.kind === 'stopped' ? l10n.t('Stopped.') : error.title;
    this.usage = usage;
  }

  /** The reply so far (or as it ended), as the history keeps it. */
  toTurn(): Turn {
    const t: Turn = { id: this.id, role: 'assistant', text: this.text, model: this.model };
    if (this.thinking) t.thinking = this.thinking;
    if (this.incomplete) t.incomplete = this.incomplete;
    if (this.usage) t.usage = this.usage;
    if (this.error) t.error = this.error;
    if (this.steps.length) t.steps = [...this.steps];
    if (this.changeSet) t.changeSet = this.changeSet;
    if (this.notice) t.notice = this.notice;
    return t;
  }
}
