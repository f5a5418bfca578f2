/** One assistant reply on screen: thinking (collapsed), the answer, and how it ended. */
import { formatUsage } from '../shared/format';
import type { ChangeSetView, ErrorAction, ErrorView, MessageView, ToolStep, UsageView } from '../shared/protocol';
import { el, iconButton } from './dom';
import { StreamingMarkdown } from './streamingMarkdown';
import { renderChangeSet, StepList } from './toolSteps';
import { post } from './vscodeApi';

const ACTION_LABELS: Record<ErrorAction, [string, string]> = {
  setApiKey: ['key', 'Set API Key'],
  retry: ['refresh', 'Retry'],
  openSettings: ['settings-gear', 'Open Settings'],
  showLog: ['output', 'Show Log'],
};

export class ReplyView {
  readonly element: HTMLElement;
  private readonly body: StreamingMarkdown;
  private thinking: { details: HTMLDetailsElement; pre: HTMLElement } | undefined;
  private readonly footer: HTMLElement;
  private readonly status: HTMLElement;
  private readonly steps = new StepList();
  private changeSet: HTMLElement | undefined;
  private countdown: number | undefined;

  constructor(readonly id: string, onRender: () => void) {
    this.status = el('div', { class: 'reply-status', role: 'status' });
    this.footer = el('div', { class: 'reply-footer' });
    const content = el('div', { class: 'markdown-body' });
    this.element = el('div', { class: 'message assistant', 'data-reply-id': id, 'aria-live': 'polite', 'aria-busy': 'true' });
    this.element.append(this.steps.element, content, this.status, this.footer);
    this.body = new StreamingMarkdown(content, onRender);
  }

  /** Shows a reply that is already complete (or complete so far), e.g. after a reload. */
  static restore(m: MessageView, streaming: boolean, onRender: () => void): ReplyView {
    const v = new ReplyView(m.id, onRender);
    if (m.thinking) v.appendThinking(m.thinking);
    for (const step of m.steps ?? []) v.addStep(step);
    // A finished reply is rendered once, as final, by complete() or fail().
    if (m.text && streaming) v.appendText(m.text);
    else if (m.text) v.body.preload(m.text);
    if (!streaming) {
      if (m.error) v.fail(m.error, m.incomplete ?? '');
      else v.complete(m.usage, m.incomplete);
    }
    if (m.notice) v.footer.prepend(el('div', { class: 'notice', role: 'note' }, `ℹ ${m.notice}`));
    if (m.changeSet) v.showChangeSet(m.changeSet);
    return v;
  }

  addStep(step: ToolStep): void {
    this.clearCountdown();
    this.steps.add(step);
  }

  /** The proposed changes, below the answer; replaced as files are accepted or rejected. */
  showChangeSet(set: ChangeSetView): void {
    const next = renderChangeSet(set);
    if (this.changeSet) this.changeSet.replaceWith(next);
    else this.element.insertBefore(next, this.footer);
    this.changeSet = next;
  }

  appendText(delta: string): void {
    this.clearCountdown();
    this.body.append(delta);
  }

  appendThinking(delta: string): void {
    this.clearCountdown();
    if (!this.thinking) {
      const pre = el('pre', { class: 'thinking-text' });
      const details = el('details', { class: 'thinking' }, el('summary', {}, 'Thinking'), pre);
      this.element.prepend(details);
      this.thinking = { details, pre };
    }
    this.thinking.pre.append(delta);
  }

  /** The SDK waits before retrying; show the countdown and a way out. */
  retrying(attempt: number, seconds: number, reason: string): void {
    this.clearCountdown();
    let left = seconds;
    const text = el('span', {});
    const render = (): void => {
      text.textContent = `${reason}: retrying in ${left} s (attempt ${attempt + 1})…`;
    };
    render();
    this.status.replaceChildren(text, iconButton('close', 'Cancel', () => post({ type: 'stop' }), 'Cancel'));
    this.countdown = window.setInterval(() => {
      left = Math.max(0, left - 1);
      render();
    }, 1000);
  }

  private clearCountdown(): void {
    if (this.countdown !== undefined) {
      clearInterval(this.countdown);
      this.countdown = undefined;
      this.status.replaceChildren();
    }
  }

  complete(usage: UsageView | undefined, incomplete?: string): void {
    this.clearCountdown();
    this.body.finish();
    this.element.setAttribute('aria-busy', 'false');
    if (incomplete) this.footer.append(el('div', { class: 'incomplete' }, `⚠ ${incomplete}`));
    if (usage) this.footer.append(el('div', { class: 'usage', title: 'Tokens and cost of this reply' }, formatUsage(usage)));
  }

  fail(error: ErrorView, incomplete: string): void {
    this.clearCountdown();
    this.body.finish();
    this.element.setAttribute('aria-busy', 'false');
    if (error.kind === 'stopped') {
      // The user's own doing: a quiet note and a way to ask again, not an error.
      this.footer.append(
        el('div', { class: 'incomplete' }, `⚠ ${error.title}`),
        iconButton('refresh', 'Retry', () => post({ type: 'action', action: 'retry' }), 'Retry'),
      );
      return;
    }
    if (this.body.text && incomplete) this.footer.append(el('div', { class: 'incomplete' }, `⚠ Incomplete: ${incomplete}`));
    const box = el('div', { class: 'error', role: 'alert' }, el('strong', {}, error.title), el('div', {}, error.detail));
    if (error.requestId) box.append(el('div', { class: 'request-id' }, `Request id: ${error.requestId}`));
    if (error.actions.length) {
      const actions = el('div', { class: 'actions' });
      for (const a of error.actions) {
        const [icon, label] = ACTION_LABELS[a];
        actions.append(iconButton(icon, label, () => post({ type: 'action', action: a }), label));
      }
      box.append(actions);
    }
    this.footer.append(box);
  }
}
