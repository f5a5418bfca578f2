/**
 * The chat's logic on the host: turns, sending with the whole history, stop, retry, new chat,
 * and keeping the history stored. Replies come from the reply pipeline; the view only shows what
 * this holds and the notifications it passes on.
 */
import { createHash, randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { estimateTokens, fitChat } from '../../core/conversation/historyFit';
import { chatToMarkdown } from '../../core/conversation/markdownExport';
import type { ChatIndexEntry, StoredChat } from '../../core/conversation/storedChat';
import { titleFor, toApiMessages, type ApiMessage, type Turn } from '../../core/conversation/turns';
import { buildSystemPrompt, WORKSPACE_TOOLS_PROMPT } from '../../core/prompts';
import type { ActiveReply, ReplyPipeline, RunResult } from '../../claude/replyPipeline';
import type { ChangeSet } from '../../platform/proposals/changeSet';
import type { ChangeSets } from '../../platform/proposals/changeSets';
import { replyEndMessage, replyEventMessage } from '../../platform/webview/replyMessages';
import type { HostMessage } from '../../shared/protocol';
import { chatTools } from './agent/chatTools';
import type { Attachment } from './attachments';
import type { ChatStore } from './chatStore';

/** The context window assumed for trimming a long chat (every current Claude model has at least this). */
export const CONTEXT_WINDOW_TOKENS = 200_000;

export class ChatSession implements vscode.Disposable {
  private chat: StoredChat;
  /** The reply streaming into the open chat, if any. */
  private streaming: ActiveReply | undefined;
  private pending: Attachment[] = [];
  private readonly emitter = new vscode.EventEmitter<HostMessage | 'state'>();
  /**
   * Notifications for the view: a protocol message, or 'state' when the whole state changed (another
   * chat is shown). 'state' posts the whole history, so nothing a send or a reply does fires it.
   */
  readonly onDidChange = this.emitter.event;

  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly pipeline: ReplyPipeline, private readonly store: ChatStore, private readonly changeSets: ChangeSets) {
    this.chat = store.loadCurrent() ?? ChatSession.empty();
    this.subscriptions.push(changeSets.onDidChange((set) => void this.changeSetChanged(set)));
  }

  /** A change set's files were accepted, rejected or undone: the reply that proposed it shows where they stand. */
  private async changeSetChanged(set: ChangeSet): Promise<void> {
    const chats = [this.chat, ...this.store.entries.filter((e) => e.id !== this.chat.id).map((e) => this.store.load(e.id))];
    for (const chat of chats) {
      const at = chat ? chat.turns.findIndex((t) => t.changeSet?.id === set.id) : -1;
      if (!chat || at < 0) continue;
      // A new turn, not the saved one changed in place: the store writes only the turns that changed.
      const turn = { ...chat.turns[at]!, changeSet: set.view() };
      chat.turns[at] = turn;
      await this.store.save(chat, chat === this.chat);
      if (chat === this.chat) this.emitter.fire({ type: 'changeSet', replyId: turn.id, changeSet: turn.changeSet });
      return;
    }
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
    this.leaveReply();
    this.chat = chat;
    await this.persist();
    this.emitter.fire('state');
    return true;
  }

  async rename(id: string, title: string): Promise<void> {
    // The open chat is renamed as the session holds it: its next save then writes only what changed.
    if (id === this.chat.id) this.chat.title = title;
    await this.store.rename(id, title, this.chat);
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    this.pipeline.forgetConversation(id);
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
    return this.streaming ? [...this.chat.turns, this.streaming.snapshot()] : this.chat.turns;
  }

  get streamingId(): string | undefined {
    return this.streaming?.id;
  }

  /** Context waiting to go with the next message. */
  get attachments(): ReadonlyArray<Attachment> {
    return this.pending;
  }

  attach(a: Attachment): void {
    this.pending.push(a);
    this.fireAttachments();
  }

  detach(id: string): void {
    this.pending = this.pending.filter((a) => a.id !== id);
    this.fireAttachments();
  }

  /** Only the chips change: the history is not posted again. */
  private fireAttachments(): void {
    this.emitter.fire({ type: 'attachments', attachments: this.pending.map((a) => ({ id: a.id, label: a.label })) });
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
    // Only the new message goes to the view: re-sending the whole chat grows with its length.
    this.emitter.fire({ type: 'userMessage', message: this.chat.turns[this.chat.turns.length - 1]! });
    // Saved while the question goes out (the store keeps its writes in order, and the reply's save
    // comes after this one): writing a long chat's file does not hold up the question or the request.
    void this.persist();
    return this.ask();
  }

  /** Asks again for the last user turn, dropping a failed or stopped reply after it. */
  async retry(): Promise<RunResult | undefined> {
    if (this.streaming) return undefined;
    const last = this.chat.turns[this.chat.turns.length - 1];
    if (last?.role === 'assistant') this.chat.turns.pop();
    if (this.chat.turns[this.chat.turns.length - 1]?.role !== 'user') return undefined;
    if (last?.role === 'assistant') this.emitter.fire({ type: 'messageRemoved', id: last.id });
    return this.ask();
  }

  stop(): void {
    this.streaming?.stop();
  }

  /**
   * The user started typing a question: gets its send ready meanwhile (ReplyPipeline.prepare), with
   * the part of the history it will carry: from where the last fit started, or the newest messages
   * about the context window's worth. Nothing is sent. Resolves with how many messages it scanned.
   */
  async prepare(): Promise<number> {
    const history = toApiMessages(this.chat.turns);
    let from = history.length;
    const fit = this.chat.fit;
    if (fit && fit.length <= history.length) {
      from = fit.start;
    } else {
      for (let tokens = 0; from > 0; from--) {
        tokens += estimateTokens([history[from - 1]!]);
        if (tokens > CONTEXT_WINDOW_TOKENS) break;
      }
    }
    return this.pipeline.prepare(history.slice(from));
  }

  async newChat(): Promise<void> {
    this.leaveReply();
    this.chat = ChatSession.empty();
    await this.persist();
    this.emitter.fire('state');
  }

  /** Stops the reply in flight: the user moved to another chat (it is still filed into its own). */
  private leaveReply(): void {
    this.streaming?.stop();
    this.streaming = undefined;
  }

  private async ask(): Promise<RunResult> {
    const owner = this.chat;
    const history = toApiMessages(owner.turns);
    let notice: string | undefined;
    let mine: ActiveReply | undefined;
    const changes = this.changeSets.create();
    const replyTools = chatTools(changes);
    const result = await this.pipeline.run(
      async (settings, tools) => {
        const base = buildSystemPrompt(settings.systemPrompt);
        const system = replyTools ? `${base}\n\n${WORKSPACE_TOOLS_PROMPT}` : base;
        // Long chats are trimmed to the context window, oldest turns first, and the reply says so.
        const budget = CONTEXT_WINDOW_TOKENS - settings.maxTokens - (settings.thinking === 'enabled' ? settings.thinkingBudgetTokens : 0);
        const count = async (m: ApiMessage[]): Promise<{ tokens: number; exact: boolean }> => {
          const estimate = estimateTokens(m, system);
          return estimate < budget / 2 ? { tokens: estimate, exact: false } : tools.countTokens(m, system);
        };
        // The chat's last exact fit, stored with it (saved with the reply), spares counting while it has room.
        const key = createHash('sha256').update(`${settings.model}\n${system}`).digest('hex');
        const fitted = await fitChat(history, budget, key, owner.fit, count);
        if (fitted.memo) owner.fit = fitted.memo;
        else delete owner.fit;
        if (fitted.dropped > 0) {
          notice = vscode.l10n.t('{0} earlier messages were left out to fit the model\'s context window.', fitted.dropped);
        }
        return { system, messages: fitted.messages };
      },
      (e) => {
        if (e.type === 'start') {
          mine = e.reply;
          this.streaming = e.reply;
        } else if (this.streaming !== mine) {
          return;
        }
        this.emitter.fire(replyEventMessage(e));
      },
      undefined,
      replyTools,
      owner.id,
    );
    const stillShown = this.streaming === mine;
    if (stillShown) this.streaming = undefined;
    // Filed into the chat it belongs to, even if the user moved on; what streamed stays, marked
    // incomplete, and a reply with no text is kept too, so its error shows after a reload. The view
    // hears of the end only once the history is saved, so a reload right after it cannot lose it.
    const reply = { ...result.reply };
    if (notice) reply.notice = reply.notice ? `${notice} ${reply.notice}` : notice;
    // Changes Claude made, even in a reply that failed later, are offered: nothing is written before Accept.
    if (!changes.isEmpty) reply.changeSet = changes.view();
    owner.turns.push(reply);
    await this.store.save(owner, owner === this.chat);
    if (owner !== this.chat || !stillShown) return { ...result, reply };
    this.emitter.fire(replyEndMessage(result));
    // A notice (e.g. the history was trimmed) shows the reply again as stored: that one message, not the whole chat.
    if (result.ok && reply.notice) this.emitter.fire({ type: 'messageChanged', message: reply });
    else if (reply.changeSet) this.emitter.fire({ type: 'changeSet', replyId: reply.id, changeSet: reply.changeSet });
    return { ...result, reply };
  }

  private async persist(): Promise<void> {
    await this.store.save(this.chat);
  }

  dispose(): void {
    this.streaming?.stop();
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
