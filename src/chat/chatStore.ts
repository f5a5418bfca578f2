/**
 * Where the current chat is kept: the workspace's storage (VS Code writes it atomically). A store
 * that cannot be read back is moved aside under its own key and reported, never dropped.
 */
import * as vscode from 'vscode';
import { loadStoredChat, type StoredChat } from '../core/conversation';
import type { Log } from '../log';

const KEY = 'claude.chat.current';

export class ChatStore {
  constructor(private readonly memento: vscode.Memento, private readonly log: Log) {}

  load(): StoredChat | undefined {
    const raw = this.memento.get<unknown>(KEY);
    const result = loadStoredChat(raw);
    if (result.ok) return result.chat;
    const aside = `${KEY}.unreadable.${Date.now()}`;
    void this.memento.update(aside, raw);
    void this.memento.update(KEY, undefined);
    this.log.error(`the stored chat could not be read (${result.reason}); kept aside as ${aside}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Your last Claude chat could not be read back ({0}). It was kept aside and a new chat was started.', result.reason),
    );
    return undefined;
  }

  async save(chat: StoredChat): Promise<void> {
    await this.memento.update(KEY, chat);
  }
}
