// A long chat put straight into the extension's stored history, for tests and the bench that need
// hundreds of messages (typing them takes about a second each). No hook in the extension: code-server
// keeps an extension's workspaceState in the browser, in the workspace's IndexedDB state database
// (vscode-web-state-db-<workspace id>, table ItemTable, key <publisher>.<name>, a JSON string of all
// its keys). The chat is written there in the format chatStore.ts reads, as the current chat, and the
// window is reloaded: the extension then opens it as it opens any chat it saved.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { repoRoot, sleep } from '../../runner/env';

// In the page (the tests compile without the DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const indexedDB: any;

export interface SeedTurn {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  model?: string;
  usage?: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number; costUsd: number };
}

export interface SeedChat {
  id: string;
  title: string;
  turns: SeedTurn[];
}

/** A chat of `turns` questions and replies, built by `reply(k)` and `question(k)` (k from 1). */
export function buildChat(id: string, turns: number, question: (k: number) => string, reply: (k: number) => string): SeedChat {
  const out: SeedTurn[] = [];
  for (let k = 1; k <= turns; k++) {
    out.push({ id: `${id}-q${k}`, role: 'user', text: question(k) });
    out.push({
      id: `${id}-a${k}`,
      role: 'assistant',
      text: reply(k),
      model: 'claude-sonnet-4-5',
      usage: { inputTokens: 1000 + k, outputTokens: 400, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0.009 },
    });
  }
  return { id, title: question(1).slice(0, 40), turns: out };
}

/**
 * Stores `chat` as the workspace's current chat and reloads the window (the chat view comes back
 * with it). Call it once the workbench has settled (nothing of the extension's being saved).
 */
export async function seedChat(page: Page, chat: SeedChat): Promise<void> {
  const m = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { publisher: string; name: string };
  const key = `${m.publisher}.${m.name}`;
  await sleep(1500); // the workbench writes its storage to IndexedDB shortly after each change
  const wrote = await page.evaluate(
    async ({ key, chat }) => {
      const open = (name: string): Promise<any> =>
        new Promise((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const req = <T>(r: any): Promise<T> =>
        new Promise((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const names = ((await indexedDB.databases()) as Array<{ name?: string }>).map((d) => d.name ?? '').filter((n) => n.startsWith('vscode-web-state-db-') && !n.startsWith('vscode-web-state-db-global'));
      if (names.length !== 1) throw new Error(`expected one workspace state database, found ${JSON.stringify(names)}`);
      const db = await open(names[0]!);
      try {
        const store = db.transaction('ItemTable', 'readonly').objectStore('ItemTable');
        const raw = (await req(store.get(key))) as string | undefined;
        const state = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
        const now = Date.now();
        const index = (state['claude.chats.index'] as { entries?: unknown[] } | undefined) ?? {};
        state[`claude.chats.${chat.id}`] = { version: 1, id: chat.id, title: chat.title, createdAt: now, turns: chat.turns };
        state['claude.chats.index'] = {
          version: 1,
          currentId: chat.id,
          entries: [{ id: chat.id, title: chat.title, createdAt: now, updatedAt: now }, ...(index.entries ?? []).filter((e) => (e as { id?: string }).id !== chat.id)],
        };
        const tx = db.transaction('ItemTable', 'readwrite');
        tx.objectStore('ItemTable').put(JSON.stringify(state), key);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        return names[0]!;
      } finally {
        db.close();
      }
    },
    { key, chat },
  );
  if (!wrote) throw new Error('the chat was not stored');
  await page.reload({ waitUntil: 'domcontentloaded' });
}
