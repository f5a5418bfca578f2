/**
 * The chat's logic on the host: turns, sending with the whole history, stop, retry, new chat,
 * and keeping the history stored. The view only shows what this holds.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { titleFor, toApiMessages, type StoredChat, type Turn } from '../core/conversation';
import type { ClassifiedError } from '../core/errors';
import { buildSystemPrompt } from '../core/prompts';
import type { ClaudeRunner, ReplySink, RunResult } from '../claude/runner';
import type { HostMessage, MessageView } from '../shared/protocol';
import type { ChatStore } from './chatStore';

export class ChatSession implements ReplySink {
  private chat: StoredChat;
  private streaming: MessageView | undefined;
  private abort: AbortController | undefined;
  private readonly emitter = new vscode.EventEmitter<HostMessage | 'state'>();
  /** Notifications for the view: a protocol message, or 'state' when the whole state changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly runner: ClaudeRunner, private readonly store: ChatStore) {
    this.chat = store.load() ?? ChatSession.empty();
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

  get isStreaming(): boolean {
    return this.streaming !== undefined;
  }

  async send(text: string): Promise<RunResult | undefined> {
    if (this.streaming || !text.trim()) return undefined;
    this.chat.turns.push({ id: randomUUID(), role: 'user', text });
    if (this.chat.turns.length === 1) this.chat.title = titleFor(text);
    await this.persist();
    this.emitter.fire('state');
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
    const result = await this.runner.run((settings) => ({ system: buildSystemPrompt(settings.systemPrompt), messages: history }), this, this.abort.signal);
    this.abort = undefined;
    return result;
  }

  private async persist(): Promise<void> {
    await this.store.save(this.chat);
  }

  // ReplySink
  start(replyId: string, model: string): void {
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

  done(reply: MessageView, stopReason: string | null): void {
    if (this.streaming?.id !== reply.id) return;
    this.streaming = undefined;
    this.chat.turns.push(reply);
    void this.persist();
    this.emitter.fire({
      type: 'replyDone',
      replyId: reply.id,
      usage: reply.usage ?? { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      stopReason,
      ...(reply.incomplete ? { incomplete: reply.incomplete } : {}),
    });
  }

  failed(reply: MessageView, error: ClassifiedError): void {
    if (this.streaming && this.streaming.id !== reply.id) return;
    this.streaming = undefined;
    const view = error;
    // What streamed stays in the history, marked incomplete; a reply with no text is kept too, so the error shows after a reload.
    this.chat.turns.push({ ...reply, error: view });
    void this.persist();
    this.emitter.fire({ type: 'replyError', replyId: reply.id, error: view, incomplete: reply.incomplete ?? '' });
  }

  dispose(): void {
    this.abort?.abort();
    this.emitter.dispose();
  }
}
