/** The chat in the sidebar. */
import { formatCost, formatUsage } from '../shared/format';
import type { ChatState, HostMessage, MessageView } from '../shared/protocol';
import { el, iconButton } from './dom';
import { renderMarkdown } from './markdown';
import { ReplyView } from './replyView';
import { ScrollFollower } from './scrollFollower';
import { post } from './vscodeApi';

const chipIcon = (): HTMLElement => el('span', { class: 'codicon codicon-attach', 'aria-hidden': 'true' });

export class ChatApp {
  private readonly modelLabel = el('button', { type: 'button', class: 'model', title: 'Model (claude.model): click to switch', 'aria-label': 'Switch model' });
  private readonly chips = el('div', { class: 'chips', 'aria-label': 'Attached context' });
  private readonly costLabel = el('span', { class: 'session-cost' });
  private readonly keyBanner = el('div', { class: 'key-banner', role: 'note' });
  private readonly toolsBanner = el('div', { class: 'tools-banner', role: 'note' });
  private readonly list = el('div', { class: 'messages', role: 'log', 'aria-label': 'Conversation' });
  private readonly scroller = el('main', { class: 'scroller' }, this.list);
  private readonly follower = new ScrollFollower(this.scroller);
  private readonly input = el('textarea', {
    class: 'input',
    rows: '3',
    placeholder: 'Ask Claude… (Enter to send, Shift+Enter for a new line)',
    'aria-label': 'Message to Claude',
  });
  private readonly sendButton = iconButton('send', 'Send', () => this.send(), 'Send');
  private readonly stopButton = iconButton('debug-stop', 'Stop', () => post({ type: 'stop' }), 'Stop');
  private replies = new Map<string, ReplyView>();
  private streamingId: string | undefined;

  constructor(root: HTMLElement) {
    // New Chat lives in the view's title bar (a VS Code view action), not here.
    const header = el('header', { class: 'chat-header' }, this.modelLabel, this.costLabel);
    this.modelLabel.addEventListener('click', () => post({ type: 'selectModel' }));
    this.keyBanner.append(
      el('span', {}, 'Set your Anthropic API key to start. It stays in VS Code\'s secret storage.'),
      iconButton('key', 'Set API Key', () => post({ type: 'action', action: 'setApiKey' }), 'Set API Key'),
    );
    this.keyBanner.hidden = true;
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    const composer = el(
      'footer',
      { class: 'composer' },
      this.chips,
      this.input,
      el(
        'div',
        { class: 'composer-actions' },
        iconButton('selection', 'Add Selection', () => post({ type: 'attachSelection' }), 'Add Selection'),
        iconButton('file', 'Attach Current File', () => post({ type: 'attach', kind: 'file' })),
        iconButton('files', 'Attach Open Editors', () => post({ type: 'attach', kind: 'editors' })),
        iconButton('warning', 'Attach Problems of the Current File', () => post({ type: 'attach', kind: 'diagnostics' })),
        el('span', { class: 'spacer' }),
        this.stopButton,
        this.sendButton,
      ),
    );
    this.toolsBanner.hidden = true;
    root.append(header, this.keyBanner, this.toolsBanner, this.scroller, this.follower.jumpButton, composer);
    this.setStreaming(undefined);
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() || this.streamingId) return;
    this.input.value = '';
    post({ type: 'send', text });
    this.follower.jump();
  }

  private setStreaming(id: string | undefined): void {
    this.streamingId = id;
    this.stopButton.hidden = !id;
    this.sendButton.hidden = !!id;
    document.body.classList.toggle('streaming', !!id);
  }

  handle(m: HostMessage): void {
    switch (m.type) {
      case 'state':
        if (m.state.kind === 'chat') this.render(m.state);
        return;
      case 'replyStart': {
        const v = new ReplyView(m.replyId, () => this.follower.update());
        this.replies.set(m.replyId, v);
        this.list.append(v.element);
        this.setStreaming(m.replyId);
        this.follower.update();
        return;
      }
      case 'replyDelta': {
        const v = this.replies.get(m.replyId);
        if (m.thinking) v?.appendThinking(m.thinking);
        if (m.text) v?.appendText(m.text);
        return;
      }
      case 'replyRetrying':
        this.replies.get(m.replyId)?.retrying(m.attempt, m.seconds, m.reason);
        return;
      case 'replyStep':
        this.replies.get(m.replyId)?.addStep(m.step);
        this.follower.update();
        return;
      case 'changeSet':
        this.replies.get(m.replyId)?.showChangeSet(m.changeSet);
        this.follower.update();
        return;
      case 'replyDone':
        this.replies.get(m.replyId)?.complete(m.usage, m.incomplete);
        this.setStreaming(undefined);
        this.follower.update();
        return;
      case 'replyError':
        this.replies.get(m.replyId)?.fail(m.error, m.incomplete);
        this.setStreaming(undefined);
        this.follower.update();
        return;
      case 'userMessage':
        this.list.querySelector('.empty')?.remove();
        this.list.append(this.userMessage(m.message));
        this.chips.replaceChildren();
        this.chips.hidden = true;
        this.follower.update();
        return;
      case 'sessionUsage':
        this.costLabel.textContent = formatCost(m.usage.costUsd);
        this.costLabel.title = `This session: ${formatUsage(m.usage)}`;
        return;
      case 'insertIntoInput':
        this.input.value = this.input.value ? `${this.input.value}\n${m.text}` : m.text;
        this.input.focus();
        return;
    }
  }

  private userMessage(m: MessageView): HTMLElement {
    const body = el('div', { class: 'markdown-body' });
    body.append(renderMarkdown(m.text));
    const message = el('div', { class: 'message user', 'data-message-id': m.id });
    if (m.attachments?.length) {
      message.append(el('div', { class: 'chips sent' }, ...m.attachments.map((a) => el('span', { class: 'chip', title: 'Sent with this message' }, chipIcon(), a))));
    }
    message.append(body);
    return message;
  }

  private renderChips(state: ChatState): void {
    this.chips.replaceChildren(
      ...state.attachments.map((a) =>
        el('span', { class: 'chip' }, chipIcon(), a.label, iconButton('close', `Remove ${a.label}`, () => post({ type: 'detach', id: a.id }))),
      ),
    );
    this.chips.hidden = state.attachments.length === 0;
  }

  private render(state: ChatState): void {
    this.modelLabel.textContent = state.model;
    this.costLabel.textContent = formatCost(state.sessionUsage.costUsd);
    this.costLabel.title = `This session: ${formatUsage(state.sessionUsage)}`;
    this.keyBanner.hidden = state.hasApiKey;
    this.toolsBanner.textContent = state.toolsOff ? `ℹ ${state.toolsOff}` : '';
    this.toolsBanner.hidden = !state.toolsOff;
    this.renderChips(state);
    this.replies = new Map();
    const nodes: HTMLElement[] = [];
    for (const m of state.messages) {
      if (m.role === 'user') {
        nodes.push(this.userMessage(m));
      } else {
        const v = ReplyView.restore(m, m.id === state.streamingId, () => this.follower.update());
        this.replies.set(m.id, v);
        nodes.push(v.element);
      }
    }
    if (!nodes.length) {
      nodes.push(el('div', { class: 'empty' }, el('p', {}, 'Ask Claude about your code. Select code and use “Add Selection” to include it.')));
    }
    this.list.replaceChildren(...nodes);
    this.setStreaming(state.streamingId);
    this.follower.update();
  }
}
