/**
 * Where chats are kept. An index in the workspace's storage (a Memento) lists the chats; each chat is
 * a JSON file of its own in the extension's workspace storage folder, written atomically (a temporary
 * file renamed over it). Not in the Memento: VS Code writes an extension's whole Memento on every
 * update, so chats kept there made every save (each question, each reply) carry every stored chat
 * to the window. Without a workspace folder (no storage folder) chats stay in the Memento. Anything
 * that cannot be read back is moved aside and reported, never dropped.
 * Format version 1; chats of earlier builds (in the Memento, or the first builds' single chat) move
 * to files.
 */
import * as fs from 'fs';
import * as path from 'path';
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

  /** Writes in the order they were asked for (two saves of one chat must not race). */
  private writes: Promise<unknown> = Promise.resolve();
  private tmpCount = 0;

  /** `dir`: the folder for the chat files (the Memento holds them when undefined). */
  constructor(private readonly memento: vscode.Memento, private readonly log: Log, private readonly dir?: string) {
    this.index = this.loadIndex();
    if (dir) this.migrateToFiles();
  }

  private file(id: string): string {
    return path.join(this.dir!, `${encodeURIComponent(id)}.json`);
  }

  /** The stored value of a chat: its file's JSON (the text itself when it is not JSON), else the Memento's. */
  private readRaw(id: string): { raw: unknown; inFile: boolean } {
    if (this.dir) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(this.file(id), 'utf8');
      } catch {
        // No file: the chat is from an earlier build, in the Memento.
      }
      if (text !== undefined) {
        try {
          return { raw: JSON.parse(text), inFile: true };
        } catch {
          return { raw: text, inFile: true };
        }
      }
    }
    return { raw: this.memento.get<unknown>(CHAT_KEY(id)), inFile: false };
  }

  /**
   * Chats that earlier builds kept in the Memento go to files, once, after activation. Each move is
   * queued with the saves and looks again when its turn comes: a chat saved meanwhile is already a file.
   */
  private migrateToFiles(): void {
    for (const e of this.index.entries) {
      this.writes = this.writes.then(async () => {
        const raw = this.memento.get<unknown>(CHAT_KEY(e.id));
        if (raw === undefined || fs.existsSync(this.file(e.id))) return;
        const result = loadStoredChat(raw);
        if (!result.ok || !result.chat) return; // reported and moved aside when opened
        await this.writeNow(e.id, result.chat, vscode.l10n.t('Claude could not move a stored chat to its own file; it stays where it was.'));
      });
    }
  }

  private moveAside(key: string, raw: unknown, reason: string): void {
    const aside = `${key}.unreadable.${Date.now()}`;
    void this.memento.update(aside, raw);
    void this.memento.update(key, undefined);
    this.reportKeptAside(aside, reason);
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
    const { raw, inFile } = this.readRaw(id);
    const result = loadStoredChat(raw);
    if (result.ok) return result.chat;
    if (inFile) this.moveFileAside(id, result.reason);
    else this.moveAside(CHAT_KEY(id), raw, result.reason);
    return undefined;
  }

  private reportKeptAside(aside: string, reason: string): void {
    this.log.error(`stored chat data could not be read (${reason}); kept aside as ${aside}`);
    showProblem(new Problem(vscode.l10n.t('A stored Claude chat could not be read back ({0}). It was kept aside and a new chat was started.', reason)), this.log);
  }

  private moveFileAside(id: string, reason: string): void {
    const aside = `${this.file(id)}.unreadable.${Date.now()}`;
    try {
      fs.renameSync(this.file(id), aside);
    } catch (err) {
      this.log.error(`could not move ${this.file(id)} aside: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.reportKeptAside(aside, reason);
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
  private write(id: string, chat: StoredChat | undefined, failure: string): Promise<void> {
    const next = this.writes.then(() => this.writeNow(id, chat, failure));
    this.writes = next;
    return next;
  }

  private async writeNow(id: string, chat: StoredChat | undefined, failure: string): Promise<void> {
    try {
      if (this.dir) {
        const file = this.file(id);
        if (chat) {
          await fs.promises.mkdir(this.dir, { recursive: true });
          const tmp = `${file}.${process.pid}.${++this.tmpCount}.tmp`;
          await fs.promises.writeFile(tmp, JSON.stringify(chat));
          await fs.promises.rename(tmp, file);
        } else {
          await fs.promises.rm(file, { force: true });
        }
        if (this.memento.get(CHAT_KEY(id)) !== undefined) await this.memento.update(CHAT_KEY(id), undefined);
      } else {
        await this.memento.update(CHAT_KEY(id), chat);
      }
      await this.memento.update(INDEX_KEY, this.index);
    } catch (err) {
      this.log.error(`could not write the chat store: ${err instanceof Error ? err.message : String(err)}`);
      showProblem(new Problem(failure), this.log);
    }
  }
}
