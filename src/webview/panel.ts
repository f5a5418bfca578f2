/** The reply panel beside the editor (Explain and the refactors). */
import type { HostMessage, PanelState } from '../shared/protocol';
import { el, iconButton } from './dom';
import { ReplyView } from './replyView';
import { ScrollFollower } from './scrollFollower';
import { post } from './vscodeApi';

const PROPOSAL_TEXT: Record<NonNullable<PanelState['proposal']>, string> = {
  pending: 'The proposed change is open as a diff: Accept or Reject it there.',
  accepted: 'The change was applied (Undo reverts it).',
  rejected: 'The change was rejected.',
  stale: 'The change was not applied: the code changed meanwhile. Run the command again.',
};

export class PanelApp {
  private readonly header = el('header', { class: 'panel-header' });
  private readonly scroller = el('main', { class: 'scroller' });
  private readonly follower = new ScrollFollower(this.scroller);
  private reply: ReplyView | undefined;

  constructor(root: HTMLElement) {
    root.append(this.header, this.scroller, this.follower.jumpButton);
  }

  handle(m: HostMessage): void {
    switch (m.type) {
      case 'state':
        if (m.state.kind === 'panel') this.render(m.state);
        return;
      case 'replyStart':
        this.newReply(m.replyId);
        this.setStreaming(true);
        return;
      case 'replyDelta':
        if (this.reply?.id !== m.replyId) return;
        if (m.thinking) this.reply.appendThinking(m.thinking);
        if (m.text) this.reply.appendText(m.text);
        return;
      case 'replyRetrying':
        if (this.reply?.id === m.replyId) this.reply.retrying(m.attempt, m.seconds, m.reason);
        return;
      case 'replyDone':
        if (this.reply?.id !== m.replyId) return;
        this.reply.complete(m.usage, m.incomplete);
        this.setStreaming(false);
        this.follower.update();
        return;
      case 'replyError':
        if (this.reply?.id !== m.replyId) return;
        this.reply.fail(m.error, m.incomplete);
        this.setStreaming(false);
        this.follower.update();
        return;
      default:
        return;
    }
  }

  private newReply(id: string): ReplyView {
    this.reply = new ReplyView(id, () => this.follower.update());
    this.scroller.replaceChildren(this.reply.element);
    return this.reply;
  }

  private setStreaming(streaming: boolean): void {
    document.body.classList.toggle('streaming', streaming);
  }

  private render(state: PanelState): void {
    const buttons = el('div', { class: 'header-actions' });
    buttons.append(
      iconButton('debug-stop', 'Stop', () => post({ type: 'stop' }), 'Stop'),
      iconButton('refresh', 'Retry', () => post({ type: 'retry' }), 'Retry'),
    );
    buttons.children[0]?.classList.add('when-streaming');
    buttons.children[1]?.classList.add('when-idle');
    this.header.replaceChildren(el('h1', {}, state.title), buttons);
    if (state.note) this.header.append(el('p', { class: 'note' }, state.note));
    if (state.proposal) this.header.append(el('p', { class: `proposal proposal-${state.proposal}` }, PROPOSAL_TEXT[state.proposal]));
    this.setStreaming(state.streaming);
    if (state.reply) {
      if (this.reply?.id !== state.reply.id) {
        this.reply = ReplyView.restore(state.reply, state.streaming, () => this.follower.update());
        this.scroller.replaceChildren(this.reply.element);
      }
    } else {
      this.reply = undefined;
      this.scroller.replaceChildren(el('p', { class: 'placeholder' }, state.streaming ? 'Waiting for Claude…' : ''));
    }
  }
}
