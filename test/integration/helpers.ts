// Shared set-up for the integration suites: the fake Anthropic server, settings pointing at it,
// a stored key, and small helpers to reach the extension and open documents.
import * as vscode from 'vscode';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import type { ChatSession } from '../../src/features/chat/chatSession';
import type { SecretQuestion } from '../../src/platform/secrets/secretGate';
import type { ChatState, PanelState, UsageView } from '../../src/shared/protocol';

export const EXTENSION_ID = 'claude-assistant-dev.claude-assistant';
export const TEST_KEY = DEFAULT_TEST_KEY;

export interface ExtensionApi {
  replyPanelState(): PanelState;
  stopReply(): void;
  chatState(): ChatState;
  sessionUsage(): UsageView;
  chat: ChatSession;
  /** The possible secrets the user is being asked about, while the question is open. */
  secretQuestion(): SecretQuestion | undefined;
  /** How many texts the secret gate has scanned (not answered from its kept scans). */
  secretScans(): number;
  /** The folder the chats' files are in (undefined: the Memento holds them). */
  chatFolder(): string | undefined;
}

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export async function configure(values: Record<string, unknown>): Promise<void> {
  const c = vscode.workspace.getConfiguration('claude');
  for (const [k, v] of Object.entries(values)) await c.update(k, v, vscode.ConfigurationTarget.Global);
}

/** Starts a fake server for the enclosing describe(), points the extension at it and stores the key. */
export function useFakeAnthropic(): { readonly server: FakeAnthropic; readonly api: ExtensionApi } {
  const ctx = {} as { server: FakeAnthropic; api: ExtensionApi };
  before(async () => {
    ctx.api = await extensionApi();
    ctx.server = await startFakeAnthropic();
    await configure({ baseUrl: ctx.server.url, maxRetries: 2, model: 'claude-sonnet-5-5', requestIdleTimeoutSeconds: 60, systemPrompt: '' });
    const ok = await vscode.commands.executeCommand<boolean>('claude.setApiKey', TEST_KEY);
    if (!ok) throw new Error('could not store the test key');
  });
  beforeEach(() => ctx.server.reset());
  after(async () => {
    await ctx.server?.close();
    await configure({ baseUrl: undefined, maxRetries: undefined, model: undefined, requestIdleTimeoutSeconds: undefined, systemPrompt: undefined });
  });
  return ctx;
}

const EXTENSIONS: Record<string, string> = { typescript: 'ts', javascript: 'js', python: 'py', plaintext: 'txt' };
let documentsOpened = 0;

/**
 * Opens `content` as a new file `scratch/doc-N.<ext>` of the test workspace, named afresh for each call.
 * (Not an untitled document: code-server reuses "Untitled-1" once it is closed, and under load the
 * extension host could still hold the closed document's text under that name.)
 */
export async function openDocument(content: string, language: string, selection?: [number, number, number, number]): Promise<vscode.TextEditor> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('the integration tests need a workspace folder');
  const ext = EXTENSIONS[language];
  if (!ext) throw new Error(`openDocument: no file extension known for ${language}`);
  const uri = vscode.Uri.joinPath(root, 'scratch', `doc-${++documentsOpened}.${ext}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  await waitFor('the new document to be the active editor', () => vscode.window.activeTextEditor?.document === doc);
  if (selection) editor.selection = new vscode.Selection(selection[0], selection[1], selection[2], selection[3]);
  return editor;
}

/**
 * Closes every editor, reverting unsaved ones first (closing a dirty one would ask to save), and
 * removes the documents openDocument wrote (so their problems do not linger in the workspace's).
 */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 30 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    if (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    else await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    if (!vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root) await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'scratch'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

export function header(req: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => t.input)
    .filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.modified.scheme === 'claude-proposal');
}

export { conversation, messageText, seenBody, systemText } from '../fake-anthropic/requestText';
