/**
 * Where chats are kept: the workspace's storage (VS Code writes each value atomically). An index
 * lists the chats; each chat is its own value, so saving one turn rewrites one chat only. Anything
 * that cannot be read back is moved aside under its own key and reported, never dropped.
 * Format version 1; the single-chat key of the first builds is migrated into the index.
 */
import * as vscode from 'vscode';
import { loadChatIndex, loadStoredChat, type ChatIndex, type ChatIndexEntry, type StoredChat } from '../../core/conversation/storedChat';
import type { Log } from '../../platform/log';
import { Problem, showProblem } from '../../platform/problems';

const INDEX_KEY = 'claude.chats.index';
const CHAT_KEY = (id: string): string => `claude.chats.${id}`;
/** The one-chat format of the first builds, migrated on first load. */
const LEGACY_KEY = 'claude.chat.current';

export class ChatStore {
  private index: ChatIndex;

  constructor(private readonly memento: vscode.Memento, private readonly log: Log) {
    this.index = this.loadIndex();
  }

  private moveAside(key: string, raw: unknown, reason: string): void {
    const aside = `${key}.unreadable.${Date.now()}`;
    void this.memento.update(aside, raw);
    void this.memento.update(key, undefined);
    this.log.error(`stored chat data could not be read (${reason}); kept aside as ${aside}`);
    showProblem(new Problem(vscode.l10n.t('A stored Claude chat could not be read back ({0}). It was kept aside and a new chat was started.', reason)), this.log);
  }

  private loadIndex(): ChatIndex {
    const raw = this.memento.get<unknown>(INDEX_KEY);
    const result = loadChatIndex(raw);
    if (!result.ok) this.moveAside(INDEX_KEY, raw, result.reason);
    const index: ChatIndex = (result.ok && result.index) || { version: 1, currentId: undefined, entries: [] };
    const legacyRaw = this.memento.get<unknown>(LEGACY_KEY);
    if (legacyRaw !== undefined) {
      const legacy = loadStoredChat(legacyRaw);
      if (legacy.ok && legacy.chat) {
        const chat = legacy.chat;
        void this.memento.update(CHAT_KEY(chat.id), chat);
        index.entries.unshift({ id: chat.id, title: chat.title, createdAt: chat.createdAt, updatedAt: Date.now() });
        index.currentId = chat.id;
        void this.memento.update(LEGACY_KEY, undefined);
        void this.memento.update(INDEX_KEY, index);
        this.log.info('migrated the stored chat to the chat list');
      } else if (!legacy.ok) {
        this.moveAside(LEGACY_KEY, legacyRaw, legacy.reason);
      }
    }
    return index;
  }

  get entries(): ReadonlyArray<ChatIndexEntry> {
    return this.index.entries;
  }

  get currentId(): string | undefined {
    return this.index.currentId;
  }

  load(id: string): StoredChat | undefined {
    const raw = this.memento.get<unknown>(CHAT_KEY(id));
    const result = loadStoredChat(raw);
    if (result.ok) return result.chat;
    this.moveAside(CHAT_KEY(id), raw, result.reason);
    return undefined;
  }

  /** The chat that was open last, if it can be read. */
  loadCurrent(): StoredChat | undefined {
    return this.index.currentId ? this.load(this.index.currentId) : undefined;
  }

  /** Saves a chat; it becomes the current one unless `makeCurrent` is false (a chat left mid-reply). */
  async save(chat: StoredChat, makeCurrent = true): Promise<void> {
    const entry = { id: chat.id, title: chat.title, createdAt: chat.createdAt, updatedAt: Date.now() };
    const entries = this.index.entries.filter((e) => e.id !== chat.id);
    // An empty chat is not listed until its first message.
    if (chat.turns.length) entries.unshift(entry);
    this.index = { version: 1, currentId: makeCurrent ? chat.id : this.index.currentId, entries };
    await this.write(chat.id, chat.turns.length ? chat : undefined, vscode.l10n.t('Claude could not save this chat; it may be missing after a reload.'));
  }

  async rename(id: string, title: string): Promise<void> {
    const chat = this.load(id);
    if (!chat) return;
    chat.title = title;
    this.index = { ...this.index, entries: this.index.entries.map((e) => (e.id === id ? { ...e, title } : e)) };
    await this.write(id, chat, vscode.l10n.t('Claude could not rename this chat.'));
  }

  async delete(id: string): Promise<void> {
    this.index = {
      ...this.index,
      currentId: this.index.currentId === id ? undefined : this.index.currentId,
      entries: this.index.entries.filter((e) => e.id !== id),
    };
    await this.write(id, undefined, vscode.l10n.t('Claude could not delete this chat.'));
  }

  /** Writes one chat (undefined: removes it) and the index; a storage failure is shown, with what it means. */
  private async write(id: string, chat: StoredChat | undefined, failure: string): Promise<void> {
    try {
      await this.memento.update(CHAT_KEY(id), chat);
      await this.memento.update(INDEX_KEY, this.index);
    } catch (err) {
      this.log.error(`could not write the chat store: ${err instanceof Error ? err.message : String(err)}`);
      showProblem(new Problem(failure), this.log);
    }
  }
}
