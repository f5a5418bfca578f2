/**
 * One assistant reply as it streams: text and thinking grow by deltas, then it ends once,
 * complete or not. The view and the history are built from this, so they always agree.
 */
import type { MessageView, UsageView } from '../shared/protocol';

export class ReplyAssembly {
  private text = '';
  private thinking = '';
  private ended = false;
  private incomplete: string | undefined;
  private usage: UsageView | undefined;

  constructor(readonly id: string, readonly model: string) {}

  appendText(delta: string): void {
    if (!this.ended) this.text += delta;
  }

  appendThinking(delta: string): void {
    if (!this.ended) this.thinking += delta;
  }

  /** The reply finished; a stop reason other than end_turn/stop_sequence marks it incomplete. */
  complete(usage: UsageView, stopReason: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.usage = usage;
    if (stopReason === 'max_tokens') this.incomplete = 'Reached the max tokens limit (claude.maxTokens).';
    else if (stopReason === 'refusal') this.incomplete = 'Claude declined to answer.';
    else if (stopReason === 'model_context_window_exceeded') this.incomplete = 'Reached the model\'s context window.';
  }

  /** The reply ended early; what streamed so far is kept and marked. */
  fail(reason: string, usage?: UsageView): void {
    if (this.ended) return;
    this.ended = true;
    this.incomplete = reason;
    this.usage = usage;
  }

  toView(): MessageView {
    const v: MessageView = { id: this.id, role: 'assistant', text: this.text, model: this.model };
    if (this.thinking) v.thinking = this.thinking;
    if (this.incomplete) v.incomplete = this.incomplete;
    if (this.usage) v.usage = this.usage;
    return v;
  }
}
