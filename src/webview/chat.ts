/** The chat in the sidebar. */
import { formatCost, formatUsage } from '../shared/format';
import type { AttachmentView, ChatState, ChatStatus, HostMessage, MessageView } from '../shared/protocol';
import { el, iconButton } from './dom';
import { FindBox } from './findBox';
import { highlightCode, withWorkerCodePlain } from './codeHighlight';
import { renderHighlightingLater, startHighlightWorker } from './highlightLater';
import { HistoryList } from './historyRenderer';
import { renderMarkdown } from './markdown';
import { ReplyView } from './replyView';
import { ScrollFollower } from './scrollFollower';
import { post } from './vscodeApi';

const chipIcon = (): HTMLElement => el('span', { class: 'codicon codicon-attach', 'aria-hidden': 'true' });

/** What warmUp() renders: a reply with what most replies hold (text, a list, a code block, a table, usage). */
const WARM_UP: readonly [MessageView, MessageView] = [
  { id: 'warm-up-question', role: 'user', text: 'How does `sum` work?' },
  {
    id: 'warm-up-reply',
    role: 'assistant',
    text: 'It **adds** the items:\n\n- one\n- [two](https://example.com)\n\n```ts\nconst total = items.reduce((a, b) => a + b, 0);\n```\n\n| in | out |\n| --- | --- |\n| 1, 2 | 3 |',
    model: 'claude',
    usage: { inputTokens: 1200, outputTokens: 300, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0.01 },
  },
];

export class ChatApp {
  private readonly modelLabel = el('button', { type: 'button', class: 'model', title: 'Model (claude.model): click to switch', 'aria-label': 'Switch model' });
  private readonly chips = el('div', { class: 'chips', 'aria-label': 'Attached context' });
  private readonly costLabel = el('span', { class: 'session-cost' });
  private readonly keyBanner = el('div', { class: 'key-banner', role: 'note' });
  private readonly toolsBanner = el('div', { class: 'tools-banner', role: 'note' });
  private readonly list = el('div', { class: 'messages', role: 'log', 'aria-label': 'Conversation' });
  private readonly scroller = el('main', { class: 'scroller' }, this.list);
  private readonly follower = new ScrollFollower(this.scroller);
  /**
   * The history: the newest messages rendered, older ones as they come into view. A stored message's
   * code in a language not highlighted yet in this view is highlighted by a worker (highlightLater.ts).
   */
  private readonly history = new HistoryList(
    this.list,
    this.scroller,
    (m) => this.storedMessage(m),
    () => this.follower.isFollowing,
    () => this.follower.update(),
  );
  private readonly findBox = new FindBox(this.history, this.scroller, () => this.input.focus());
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
  /**
   * The question just sent, shown at once (before the extension echoes it, which in a long chat takes
   * tens of milliseconds more): the echo takes its place, and a send the extension refused gives its
   * text back to the input.
   */
  private pendingQuestion: MessageView | undefined;
  private pendingCount = 0;
  /** The chips' labels: what goes with the next question. */
  private attached: string[] = [];
  /** Whether the host heard that the user is typing in the chat shown (once per chat shown). */
  private composing = false;
  /** Whether a state was shown (warmUp() has nothing left to do). */
  private shown = false;

  constructor(root: HTMLElement) {
    // New Chat lives in the view's title bar (a VS Code view action), not here.
    const header = el('header', { class: 'chat-header' }, this.modelLabel, this.costLabel);
    this.modelLabel.addEventListener('click', () => post({ type: 'selectModel' }));
    this.keyBanner.append(
      el('span', {}, 'Set your Anthropic API key to start. It stays in VS Code\'s secret storage.'),
      iconButton('key', 'Set API Key', () => post({ type: 'action', action: 'setApiKey' }), 'Set API Key'),
    );
    this.keyBanner.hidden = true;
    this.input.addEventListener('input', () => {
      if (this.composing) return;
      this.composing = true;
      post({ type: 'composing' });
    });
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
    root.append(header, this.keyBanner, this.toolsBanner, this.findBox.element, this.scroller, this.follower.jumpButton, composer);
    this.setStreaming(undefined);
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() || this.streamingId || this.pendingQuestion) return;
    this.input.value = '';
    post({ type: 'send', text });
    const question: MessageView = { id: `pending-question-${++this.pendingCount}`, role: 'user', text, ...(this.attached.length ? { attachments: this.attached } : {}) };
    this.pendingQuestion = question;
    this.showQuestion(question);
    this.follower.jump();
  }

  /** The extension's echo of a question: the one shown since Enter becomes it (re-rendered only if it differs). */
  private questionEchoed(m: MessageView): void {
    const shown = this.pendingQuestion;
    this.pendingQuestion = undefined;
    if (shown && shown.text === m.text && sameLabels(shown.attachments, m.attachments) && this.history.adopt(shown.id, m)) return;
    if (shown) this.history.remove(shown.id);
    this.showQuestion(m);
  }

  /** A question at the end of the history (the empty chat's hint goes). */
  private showQuestion(m: MessageView): void {
    this.list.querySelector('.empty')?.remove();
    this.history.append(m, renderHighlightingLater(() => this.userMessage(m)));
  }

  /** A reply started with the question shown not echoed: the extension did not take that send (a reply was already on its way). */
  private questionRefused(): void {
    const shown = this.pendingQuestion;
    if (!shown) return;
    this.pendingQuestion = undefined;
    this.history.remove(shown.id);
    if (!this.input.value) this.input.value = shown.text;
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
      case 'status':
        this.renderStatus(m.status);
        return;
      case 'attachments':
        this.renderChips(m.attachments);
        return;
      case 'messageChanged':
        this.history.replace(m.message);
        this.follower.update();
        return;
      case 'messageRemoved':
        this.history.remove(m.id);
        this.replies.delete(m.id);
        return;
      case 'replyStart': {
        this.questionRefused();
        const v = new ReplyView(m.replyId, () => this.follower.update());
        this.replies.set(m.replyId, v);
        this.list.querySelector('.empty')?.remove();
        this.history.append({ id: m.replyId, role: 'assistant', text: '' }, v.element);
        this.setStreaming(m.replyId);
        this.follower.update();
        return;
      }
      case 'replyDelta': {
        const v = this.replies.get(m.replyId);
        if (m.thinking) v?.appendThinking(m.thinking);
        if (m.text) {
          v?.appendText(m.text);
          // The find box searches what the reply says so far.
          const item = this.history.find(m.replyId);
          if (item) item.view.text += m.text;
        }
        return;
      }
      case 'replyRetrying':
        this.replies.get(m.replyId)?.retrying(m.attempt, m.seconds, m.reason);
        return;
      case 'replyStep':
        this.replies.get(m.replyId)?.addStep(m.step);
        this.follower.update();
        return;
      case 'changeSet': {
        // A reply not rendered yet shows it when it is.
        const item = this.history.find(m.replyId);
        if (item) item.view.changeSet = m.changeSet;
        this.replies.get(m.replyId)?.showChangeSet(m.changeSet);
        this.follower.update();
        return;
      }
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
        this.questionEchoed(m.message);
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

  private renderChips(attachments: AttachmentView[]): void {
    this.attached = attachments.map((a) => a.label);
    this.chips.replaceChildren(
      ...attachments.map((a) =>
        el('span', { class: 'chip' }, chipIcon(), a.label, iconButton('close', `Remove ${a.label}`, () => post({ type: 'detach', id: a.id }))),
      ),
    );
    this.chips.hidden = attachments.length === 0;
  }

  private renderStatus(status: ChatStatus): void {
    this.modelLabel.textContent = status.model;
    this.costLabel.textContent = formatCost(status.sessionUsage.costUsd);
    this.costLabel.title = `This session: ${formatUsage(status.sessionUsage)}`;
    this.keyBanner.hidden = status.hasApiKey;
    this.toolsBanner.textContent = status.toolsOff ? `ℹ ${status.toolsOff}` : '';
    this.toolsBanner.hidden = !status.toolsOff;
  }

  /** One message of the history; a reply streaming now follows the view as it grows. */
  private message(m: MessageView, streaming: boolean): HTMLElement {
    if (m.role === 'user') return this.userMessage(m);
    const v = ReplyView.restore(m, streaming, streaming ? () => this.follower.update() : () => undefined);
    this.replies.set(m.id, v);
    return v.element;
  }

  /** A message of the history that is not streaming. */
  private storedMessage(m: MessageView): HTMLElement {
    return renderHighlightingLater(() => this.message(m, false));
  }

  /**
   * Work a reopened chat would otherwise pay before its first paint, done while the view waits for
   * its state, each part in a task of its own so that the state, when it comes, waits for one part
   * at most (in the workbench each part takes tens of milliseconds; together they made one task of
   * ~100 ms, the longest of opening a chat):
   * 1. a small question and reply rendered off screen and laid out once, then removed: the first
   *    rendering in a new document compiles the renderer (markdown-it, DOMPurify) and lays out code's
   *    font for the first time (skipped once a state was shown: nothing is left to warm);
   * 2. the highlight worker started;
   * 3. TypeScript's grammar compiled, on the page: the language most replies' code is in is
   *    highlighted as it streams, with no round trip to the worker. Until then, TypeScript goes to
   *    the worker like any other language.
   */
  warmUp(): void {
    if (!this.shown) {
      // Its code stays plain for now: compiling TypeScript's grammar is step 3.
      withWorkerCodePlain(() => {
        const reply = ReplyView.restore(WARM_UP[1], false, () => undefined).element;
        const box = el('div', { class: 'messages warm-up', 'aria-hidden': 'true' }, this.userMessage(WARM_UP[0]), reply);
        document.body.append(box);
        void box.offsetHeight;
        box.remove();
      });
    }
    setTimeout(startHighlightWorker, 0);
    setTimeout(() => highlightCode('', 'typescript'), 0);
  }

  /** The whole chat (the view opened, or another chat is shown): the history renders newest first, the rest as it comes into view. */
  private render(state: ChatState): void {
    this.renderStatus(state);
    this.renderChips(state.attachments);
    this.composing = false;
    this.shown = true;
    this.replies = new Map();
    // A whole chat replaces what is shown, a question not echoed yet too (its echo, if it comes, follows).
    this.pendingQuestion = undefined;
    this.history.reset(state.messages, (m) => (m.id === state.streamingId ? this.message(m, true) : this.storedMessage(m)));
    if (!state.messages.length) {
      this.list.append(el('div', { class: 'empty' }, el('p', {}, 'Ask Claude about your code. Select code and use “Add Selection” to include it.')));
    }
    this.setStreaming(state.streamingId);
    // Another chat (or the view opened): it shows its newest message, whatever the last one's scroll was.
    this.follower.jump();
    this.findBox.refresh();
  }
}

function sameLabels(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
