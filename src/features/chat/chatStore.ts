/**
 * Where chats are kept. An index in the workspace's storage (a Memento) lists the chats; each chat is
 * a JSON file of its own in the extension's workspace storage folder, written atomically (a temporary
 * file renamed over it), with a journal beside it that each save appends what changed to
 * (chatFiles.ts): a save in a long chat writes its question or its reply, not the whole chat. Not in
 * the Memento: VS Code writes an extension's whole Memento on every update, so chats kept there made
 * every save (each question, each reply) carry every stored chat to the window. Without a workspace folder (no storage folder) chats stay in the Memento. Anything
 * that cannot be read back is moved aside and reported, never dropped.
 * Format version 1; chats of earlier builds (in the Memento, or the first builds' single chat) move
 * to files.
 */
import * as vscode from 'vscode';
import { loadChatIndex, loadStoredChat, type ChatIndex, type ChatIndexEntry, type StoredChat } from '../../core/conversation/storedChat';
import type { Log } from '../../platform/log';
import { Problem, showProblem } from '../../platform/problems';
import { ChatFiles } from './chatFiles';

const INDEX_KEY = 'claude.chats.index';
const CHAT_KEY = (id: string): string => `claude.chats.${id}`;
/** The one-chat format of the first builds, migrated on first load. */
const LEGACY_KEY = 'claude.chat.current';

export class ChatStore {
  private index: ChatIndex;

  /** Writes in the order they were asked for (two saves of one chat must not race). */
  private writes: Promise<unknown> = Promise.resolve();
  /** The index as last stored, but for its times (listed()). */
  private storedIndex: string;
  /** The chats' files (undefined: the Memento holds the chats). */
  private readonly files: ChatFiles | undefined;

  /** `dir`: the folder for the chat files (the Memento holds them when undefined). */
  constructor(private readonly memento: vscode.Memento, private readonly log: Log, dir?: string) {
    this.files = dir ? new ChatFiles(dir) : undefined;
    this.index = this.loadIndex();
    this.storedIndex = listed(this.index);
    if (dir) this.migrateToFiles();
  }

  /** Bytes this store wrote to chat files (snapshots and journal lines). */
  get bytesWritten(): number {
    return this.files?.bytesWritten ?? 0;
  }

  /**
   * Chats that earlier builds kept in the Memento go to files, once, after activation. Each move is
   * queued with the saves and looks again when its turn comes: a chat saved meanwhile is already a file.
   */
  private migrateToFiles(): void {
    for (const e of this.index.entries) {
      this.writes = this.writes.then(async () => {
        const raw = this.memento.get<unknown>(CHAT_KEY(e.id));
        if (raw === undefined || this.files?.has(e.id)) return;
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
    const snapshot = this.files?.readSnapshot(id);
    if (!snapshot) {
      // No file: the chat is from an earlier build, in the Memento (or there is no storage folder).
      const raw = this.memento.get<unknown>(CHAT_KEY(id));
      const result = loadStoredChat(raw);
      if (result.ok) return result.chat;
      this.moveAside(CHAT_KEY(id), raw, result.reason);
      return undefined;
    }
    const result = loadStoredChat(snapshot.raw);
    if (!result.ok) {
      this.moveFileAside(id, result.reason);
      return undefined;
    }
    const chat = result.chat;
    if (!chat) return undefined;
    const replayed = this.files!.replay(id, chat, snapshot);
    if (replayed.unreadable) this.keepJournalAside(id, chat, replayed.unreadable);
    return chat;
  }

  /**
   * Part of a chat's journal could not be read (a torn last line, say): the chat opens as far as it
   * was read, a copy of the journal is kept aside and reported, and the chat is written anew as read
   * (a snapshot), so that the next saves do not follow the unreadable line.
   */
  private keepJournalAside(id: string, chat: StoredChat, reason: string): void {
    const files = this.files!;
    let aside: string;
    try {
      aside = files.copyJournalAside(id, Date.now());
    } catch (err) {
      this.log.error(`could not keep ${files.journalFile(id)} aside: ${err instanceof Error ? err.message : String(err)}`);
      return; // left where it is (not overwritten): the next saves write a snapshot only if the copy was kept
    }
    this.log.error(`part of a stored chat could not be read (${reason}); its journal was kept aside as ${aside}`);
    showProblem(new Problem(vscode.l10n.t('Part of a stored Claude chat could not be read back ({0}). The chat opens as far as it could be read; the rest was kept aside.', reason)), this.log);
    this.writes = this.writes.then(() => this.writeNow(id, chat, vscode.l10n.t('Claude could not save this chat; it may be missing after a reload.'), false));
  }

  private reportKeptAside(aside: string, reason: string): void {
    this.log.error(`stored chat data could not be read (${reason}); kept aside as ${aside}`);
    showProblem(new Problem(vscode.l10n.t('A stored Claude chat could not be read back ({0}). It was kept aside and a new chat was started.', reason)), this.log);
  }

  private moveFileAside(id: string, reason: string): void {
    const files = this.files!;
    let aside = `${files.snapshotFile(id)}.unreadable`;
    try {
      aside = files.moveAside(id, Date.now());
    } catch (err) {
      this.log.error(`could not move ${files.snapshotFile(id)} aside: ${err instanceof Error ? err.message : String(err)}`);
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

  /** `open`: the chat as the session holds it, when it is the open one (read from its file otherwise). */
  async rename(id: string, title: string, open?: StoredChat): Promise<void> {
    const chat = open?.id === id ? open : this.load(id);
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

  /** `withIndex` false: the chat's file only (the index did not change). */
  private async writeNow(id: string, chat: StoredChat | undefined, failure: string, withIndex = true): Promise<void> {
    try {
      if (this.files) {
        if (!chat) await this.files.remove(id);
        else if (await this.files.write(id, chat)) {
          // The journal is longer than the chat's snapshot: folded into a new one after this save, which does not wait for it.
          this.writes = this.writes.then(() => this.files!.compact(id)).catch((err: unknown) => this.log.warn(`could not fold a chat's journal into its file: ${err instanceof Error ? err.message : String(err)}`));
        }
        if (this.memento.get(CHAT_KEY(id)) !== undefined) await this.memento.update(CHAT_KEY(id), undefined);
      } else {
        await this.memento.update(CHAT_KEY(id), chat);
      }
      if (withIndex) {
        // Awaited when it changes what the chat list shows: a save that only changes a chat's time
        // (a reply in the open chat) does not wait for the window to store the index.
        const update = this.memento.update(INDEX_KEY, this.index);
        const shown = listed(this.index);
        if (shown !== this.storedIndex) {
          await update;
          this.storedIndex = shown;
        } else {
          update.then(undefined, (err: unknown) => this.log.warn(`could not store the chat list's times: ${err instanceof Error ? err.message : String(err)}`));
        }
      }
    } catch (err) {
      this.log.error(`could not write the chat store: ${err instanceof Error ? err.message : String(err)}`);
      showProblem(new Problem(failure), this.log);
    }
  }
}

/** What the chat list shows of an index, but for the times: the current chat, and the chats in order with their titles. */
function listed(index: ChatIndex): string {
  return JSON.stringify([index.currentId, index.entries.map((e) => [e.id, e.title, e.createdAt])]);
}
