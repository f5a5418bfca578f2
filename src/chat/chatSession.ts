/**
 * The chat's logic on the host: turns, sending with the whole history, stop, retry, new chat,
 * and keeping the history stored. The view only shows what this holds.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { chatToMarkdown, estimateTokens, fitHistory, titleFor, toApiMessages, type ChatIndexEntry, type StoredChat, type Turn } from '../core/conversation';
import type { ClassifiedError } from '../core/failures';
import { buildSystemPrompt } from '../core/prompts';
import type { ClaudeRunner, ReplySink, RunResult } from '../claude/runner';
import { replyDoneMessage, type HostMessage, type MessageView } from '../shared/protocol';
import type { Attachment } from './attachments';
import type { ChatStore } from './chatStore';

/** The context window assumed for trimming a long chat (every current Claude model has at least this). */
export const CONTEXT_WINDOW_TOKENS = 200_000;

export class ChatSession implements ReplySink {
  private chat: StoredChat;
  private notice: string | undefined;
  /** The chat the streaming reply belongs to: it may no longer be the open one (New Chat, Open). */
  private replyChat: StoredChat | undefined;
  private streaming: MessageView | undefined;
  private abort: AbortController | undefined;
  private readonly emitter = new vscode.EventEmitter<HostMessage | 'state'>();
  /** Notifications for the view: a protocol message, or 'state' when the whole state changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly runner: ClaudeRunner, private readonly store: ChatStore) {
    this.chat = store.loadCurrent() ?? ChatSession.empty();
  }

  get current(): StoredChat {
    return this.chat;
  }

  get history(): ReadonlyArray<ChatIndexEntry> {
    return this.store.entries;
  }

  /** Switches to a stored chat. */
  async open(id: string): Promise<boolean> {
    if (id === this.chat.id) return true;
    const chat = this.store.load(id);
    if (!chat) return false;
    this.abort?.abort();
    this.streaming = undefined;
    this.chat = chat;
    await this.persist();
    this.emitter.fire('state');
    return true;
  }

  async rename(id: string, title: string): Promise<void> {
    await this.store.rename(id, title);
    if (id === this.chat.id) this.chat.title = title;
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    if (id === this.chat.id) await this.newChat();
  }

  exportMarkdown(id?: string): string | undefined {
    const chat = id === undefined || id === this.chat.id ? this.chat : this.store.load(id);
    return chat ? chatToMarkdown(chat) : undefined;
  }

  private static empty(): StoredChat {
    return { version: 1, id: randomUUID(), title: 'New chat', createdAt: Date.now(), turns: [] };
  }

  get turns(): ReadonlyArray<Turn> {
    return this.streaming ? [...this.chat.turns, this.streaming] : this.chat.turns;
  }

  get streamingId(): string | undefined {
    return this.streaming?.id;
  }

  private pending: Attachment[] = [];

  /** Context waiting to go with the next message. */
  get attachments(): ReadonlyArray<Attachment> {
    return this.pending;
  }

  attach(a: Attachment): void {
    this.pending.push(a);
    this.emitter.fire('state');
  }

  detach(id: string): void {
    this.pending = this.pending.filter((a) => a.id !== id);
    this.emitter.fire('state');
  }

  async send(text: string): Promise<RunResult | undefined> {
    if (this.streaming || !text.trim()) return undefined;
    const attached = this.pending;
    this.pending = [];
    this.chat.turns.push({
      id: randomUUID(),
      role: 'user',
      text,
      ...(attached.length ? { attachments: attached.map((a) => a.label), context: attached.map((a) => a.text).join('\n\n') } : {}),
    });
    if (this.chat.turns.length === 1) this.chat.title = titleFor(text);
    await this.persist();
    // Only the new message goes to the view: re-sending the whole chat grows with its length.
    this.emitter.fire({ type: 'userMessage', message: this.chat.turns[this.chat.turns.length - 1]! });
    return this.ask();
  }

  /** Asks again for the last user turn, dropping a failed or stopped reply after it. */
  async retry(): Promise<RunResult | undefined> {
    if (this.streaming) return undefined;
    const last = this.chat.turns[this.chat.turns.length - 1];
    if (last?.role === 'assistant') this.chat.turns.pop();
    if (this.chat.turns[this.chat.turns.length - 1]?.role !== 'user') return undefined;
    this.emitter.fire('state');
    return this.ask();
  }

  stop(): void {
    this.abort?.abort();
  }

  async newChat(): Promise<void> {
    this.abort?.abort();
    this.streaming = undefined;
    this.chat = ChatSession.empty();
    await this.persist();
    this.emitter.fire('state');
  }

  private async ask(): Promise<RunResult> {
    const history = toApiMessages(this.chat.turns);
    this.abort = new AbortController();
    this.notice = undefined;
    const result = await this.runner.run(
      async (settings, tools) => {
        const system = buildSystemPrompt(settings.systemPrompt);
        // Long chats are trimmed to the context window, oldest turns first, and the reply says so.
        const budget = CONTEXT_WINDOW_TOKENS - settings.maxTokens - (settings.thinking === 'enabled' ? settings.thinkingBudgetTokens : 0);
        const count = (m: typeof history): Promise<number> =>
          estimateTokens(m, system) < budget / 2 ? Promise.resolve(estimateTokens(m, system)) : tools.countTokens(m, system);
        const fitted = await fitHistory(history, budget, count);
        if (fitted.dropped > 0) {
          this.notice = vscode.l10n.t('{0} earlier messages were left out to fit the model\'s context window.', fitted.dropped);
        }
        return { system, messages: fitted.messages };
      },
      this,
      this.abort.signal,
    );
    this.abort = undefined;
    return result;
  }

  private async persist(): Promise<void> {
    await this.store.save(this.chat);
  }

  // ReplySink
  start(replyId: string, model: string): void {
    this.replyChat = this.chat;
    this.streaming = { id: replyId, role: 'assistant', text: '', model };
    this.emitter.fire({ type: 'replyStart', replyId, model });
  }

  text(replyId: string, delta: string): void {
    if (this.streaming?.id !== replyId) return;
    this.streaming.text += delta;
    this.emitter.fire({ type: 'replyDelta', replyId, text: delta });
  }

  thinking(replyId: string, delta: string): void {
    if (this.streaming?.id !== replyId) return;
    this.streaming.thinking = (this.streaming.thinking ?? '') + delta;
    this.emitter.fire({ type: 'replyDelta', replyId, thinking: delta });
  }

  retrying(replyId: string, attempt: number, seconds: number, reason: string): void {
    this.emitter.fire({ type: 'replyRetrying', replyId, attempt, seconds, reason });
  }

  /**
   * Files a finished reply into the chat it belongs to, even if the user moved on to another.
   * The view hears of the end only once the history is saved, so a reload right after it
   * cannot lose the reply.
   */
  private async file(turn: Turn): Promise<boolean> {
    const owner = this.replyChat ?? this.chat;
    this.replyChat = undefined;
    owner.turns.push(turn);
    await this.store.save(owner, owner === this.chat);
    return owner === this.chat;
  }

  async done(reply: MessageView, stopReason: string | null): Promise<void> {
    if (this.streaming && this.streaming.id !== reply.id) return;
    this.streaming = undefined;
    if (!(await this.file(this.notice ? { ...reply, notice: this.notice } : reply))) return;
    if (this.notice) {
      // The whole state carries the notice to the view.
      this.emitter.fire('state');
      return;
    }
    this.emitter.fire(replyDoneMessage(reply, stopReason));
  }

  async failed(reply: MessageView, error: ClassifiedError): Promise<void> {
    if (this.streaming && this.streaming.id !== reply.id) return;
    this.streaming = undefined;
    const view = error;
    // What streamed stays in the history, marked incomplete; a reply with no text is kept too, so the error shows after a reload.
    if (!(await this.file({ ...reply, error: view, ...(this.notice ? { notice: this.notice } : {}) }))) return;
    this.emitter.fire({ type: 'replyError', replyId: reply.id, error: view, incomplete: reply.incomplete ?? '' });
  }

  dispose(): void {
    this.abort?.abort();
    this.emitter.dispose();
  }
}
