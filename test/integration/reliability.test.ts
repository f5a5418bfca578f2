// Issue #5, reliability: no unhandled rejection whatever fails or is cancelled, partial text kept in
// the chat, the retry countdown and its cancel, nothing applied from an aborted reply, read-only
// documents, notebook cells, and files too large to send.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { RefactorResult } from '../../src/features/refactor/refactorCommands';
import type { ErrorKind } from '../../src/core/failures';
import type { AcceptOutcome } from '../../src/platform/proposals/applyEdit';
import type { FaultScript } from '../fake-anthropic/server';
import type { HostMessage } from '../../src/shared/protocol';
import { ChatStore } from '../../src/features/chat/chatStore';
import type { Log } from '../../src/platform/log';
import type { Turn } from '../../src/core/conversation/turns';
import type { StoredChat } from '../../src/core/conversation/storedChat';
import { closeAllEditors, configure, diffTabs, openDocument, useFakeAnthropic, waitFor } from './helpers';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- what reaches the extension host unhandled, and command promises that rejected ----

const unhandled: string[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
};
const rejectedCommands: string[] = [];

/** executeCommand, recording a rejection (a command must never reject: it reports instead). */
async function run<T>(command: string, ...args: unknown[]): Promise<T> {
  try {
    return await vscode.commands.executeCommand<T>(command, ...args);
  } catch (err) {
    rejectedCommands.push(`${command}: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

/** Lets any stray rejection surface, then asserts there was none so far. */
async function assertNothingUnhandled(): Promise<void> {
  await sleep(300);
  assert.deepStrictEqual(unhandled, [], 'no unhandled rejection reached the extension host');
  assert.deepStrictEqual(rejectedCommands, [], 'no command promise rejected');
}

// ---- the messages the extension shows (the test shares the extension's `vscode` API object) ----

type ShowKind = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';
const SHOW_KINDS: ShowKind[] = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];

/** Records window.show*Message calls made while `body` runs. Throws if the API object cannot be observed. */
async function withShownMessages<T>(body: (shown: string[]) => Promise<T>): Promise<T> {
  const shown: string[] = [];
  const win = vscode.window as unknown as Record<ShowKind, (...a: unknown[]) => unknown>;
  const originals = SHOW_KINDS.map((k) => [k, win[k]] as const);
  for (const [k, original] of originals) {
    win[k] = (...a: unknown[]) => {
      shown.push(`${k.replace(/^show|Message$/g, '').toLowerCase()}: ${String(a[0])}`);
      return original.apply(vscode.window, a);
    };
  }
  try {
    return await body(shown);
  } finally {
    for (const [k, original] of originals) win[k] = original;
  }
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('claude.replyPanel'));
}

const LONG = 'word '.repeat(600);

/** The text of a request message's content, whether a string or text blocks (e.g. with cache_control). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b: { type?: string; text?: string }) => (b?.type === 'text' ? (b.text ?? '') : '')).join('');
  return JSON.stringify(content);
}

describe('Reliability', function () {
  this.timeout(60_000);
  const fake = useFakeAnthropic();
  before(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  beforeEach(async () => {
    await fake.api.chat.newChat();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('claude.rejectProposal');
    await closeAllEditors();
  });

  describe('no unhandled rejection and no rejected command', () => {
    const faults: Array<[string, FaultScript, ErrorKind]> = [
      ['401', { kind: 'status', status: 401 }, 'auth'],
      ['403', { kind: 'status', status: 403 }, 'permission'],
      ['404', { kind: 'status', status: 404 }, 'notFound'],
      ['413', { kind: 'status', status: 413 }, 'tooLarge'],
      ['429', { kind: 'status', status: 429 }, 'rateLimit'],
      ['500', { kind: 'status', status: 500 }, 'server'],
      ['529', { kind: 'status', status: 529 }, 'overloaded'],
      ['a mid-stream error', { kind: 'midStreamError', afterChars: 30, errorType: 'api_error', message: 'Internal server error' }, 'streamCut'],
      ['a cut socket', { kind: 'cut', afterChars: 30 }, 'streamCut'],
      ['an early end', { kind: 'earlyEnd', afterChars: 30 }, 'streamCut'],
      ['an empty body', { kind: 'emptyBody' }, 'streamCut'],
    ];
    it('every fault mode, through Explain and the chat', async () => {
      await configure({ maxRetries: 0 });
      try {
        await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
        for (const [name, fault, kind] of faults) {
          fake.server.enqueue({ text: LONG, fault }, { text: LONG, fault });
          const explained = await run<RunResult>('claude.explainSelection');
          assert.strictEqual(explained.ok, false, name);
          if (!explained.ok && fault.kind !== 'emptyBody') assert.strictEqual(explained.error.kind, kind, name);
          const chatted = await fake.api.chat.send(`fault ${name}`);
          assert.strictEqual(chatted?.ok, false, name);
          if (chatted && !chatted.ok && fault.kind !== 'emptyBody') assert.strictEqual(chatted.error.kind, kind, name);
          assert.strictEqual(fake.api.chatState().streamingId, undefined, `${name}: the chat is not left streaming`);
          assert.strictEqual(fake.api.replyPanelState().streaming, false, `${name}: the panel is not left streaming`);
        }
      } finally {
        await configure({ maxRetries: 2 });
      }
      await assertNothingUnhandled();
    });

    it('a stall (idle timeout at its minimum, 5 s), in Explain and the chat', async () => {
      await configure({ requestIdleTimeoutSeconds: 5 });
      try {
        await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
        fake.server.enqueue({ text: LONG, fault: { kind: 'stall', afterChars: 12 } }, { text: LONG, fault: { kind: 'stall', afterChars: 12 } });
        const [explained, chatted] = await Promise.all([run<RunResult>('claude.explainSelection'), fake.api.chat.send('stall please')]);
        assert.ok(!explained.ok && explained.error.kind === 'idle', JSON.stringify(explained));
        assert.ok(chatted && !chatted.ok && chatted.error.kind === 'idle', JSON.stringify(chatted));
      } finally {
        await configure({ requestIdleTimeoutSeconds: 60 });
      }
      await assertNothingUnhandled();
    });

    it('the network down (a closed port), with a retry on the way', async () => {
      const closedPort = await new Promise<number>((resolve) => {
        const s = net.createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(port));
        });
      });
      await configure({ baseUrl: `http://127.0.0.1:${closedPort}`, maxRetries: 1 });
      try {
        await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
        const explained = await run<RunResult>('claude.explainSelection');
        assert.ok(!explained.ok && explained.error.kind === 'network', JSON.stringify(explained));
        const chatted = await fake.api.chat.send('anyone there?');
        assert.ok(chatted && !chatted.ok && chatted.error.kind === 'network', JSON.stringify(chatted));
      } finally {
        await configure({ baseUrl: fake.server.url, maxRetries: 2 });
      }
      await assertNothingUnhandled();
    });

    it('closing the Explain panel mid-stream aborts the request; the next Explain opens a new panel', async () => {
      await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
      fake.server.enqueue({ text: LONG, chunkSize: 5, delayMs: 20 }, { text: 'Second answer.' });
      const pending = run<RunResult>('claude.explainSelection');
      const [req] = await fake.server.waitForRequests(1, 10_000);
      await waitFor('text in the panel', () => (fake.api.replyPanelState().reply?.text.length ?? 0) > 20);
      const tabs = await waitFor('the panel tab', () => (panelTabs().length ? panelTabs() : undefined));
      await vscode.window.tabGroups.close(tabs);
      const result = await pending;
      assert.ok(!result.ok && result.error.kind === 'stopped', JSON.stringify(result?.ok ? 'ok' : result.error));
      await req!.finished;
      assert.strictEqual(req!.clientClosedEarly, true, 'the HTTP request was aborted');
      assert.strictEqual(fake.api.replyPanelState().streaming, false);

      const again = await run<RunResult>('claude.explainSelection');
      assert.ok(again.ok, JSON.stringify(again));
      await waitFor('a fresh panel to show the new answer', () => panelTabs().length === 1);
      assert.strictEqual(fake.api.replyPanelState().reply?.text, 'Second answer.');
      await assertNothingUnhandled();
    });

    it('a second Explain while the first streams supersedes it cleanly', async () => {
      await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
      fake.server.enqueue({ text: LONG, chunkSize: 5, delayMs: 20 }, { text: 'The newer answer.' });
      const first = run<RunResult>('claude.explainSelection');
      const [req] = await fake.server.waitForRequests(1, 10_000);
      await waitFor('text in the panel', () => (fake.api.replyPanelState().reply?.text.length ?? 0) > 20);
      const second = await run<RunResult>('claude.explainSelection');
      const firstResult = await first;
      assert.ok(!firstResult.ok && firstResult.error.kind === 'stopped');
      assert.ok(second.ok);
      await req!.finished;
      assert.strictEqual(req!.clientClosedEarly, true);
      const state = fake.api.replyPanelState();
      assert.strictEqual(state.reply?.text, 'The newer answer.', 'the superseded reply does not overwrite the newer one');
      assert.strictEqual(state.streaming, false);
      await assertNothingUnhandled();
    });

    it('New Chat mid-stream aborts the request and the new chat stays empty', async () => {
      fake.server.enqueue({ text: LONG, chunkSize: 5, delayMs: 20 });
      const pending = fake.api.chat.send('A long answer, please');
      const [req] = await fake.server.waitForRequests(1, 10_000);
      await waitFor('text in the chat', () => (fake.api.chatState().messages[1]?.text.length ?? 0) > 20);
      await vscode.commands.executeCommand('claude.newChat');
      const result = await pending;
      assert.ok(result && !result.ok && result.error.kind === 'stopped');
      await req!.finished;
      assert.strictEqual(req!.clientClosedEarly, true, 'the HTTP request was aborted');
      await sleep(200);
      const state = fake.api.chatState();
      assert.strictEqual(state.streamingId, undefined);
      assert.deepStrictEqual(
        state.messages.map((m) => [m.role, m.text.slice(0, 20), m.incomplete]),
        [],
        'the old chat\'s stopped reply must not land in the new chat',
      );
      await assertNothingUnhandled();
    });
  });

  describe('partial replies in the chat', () => {
    const text = 'The answer is forty-two, because it is the product of six and seven.';
    const midStream: Array<[string, FaultScript, ErrorKind]> = [
      ['an overloaded event', { kind: 'midStreamError', afterChars: 40, errorType: 'overloaded_error', message: 'Overloaded' }, 'overloaded'],
      ['an api_error event', { kind: 'midStreamError', afterChars: 40, errorType: 'api_error', message: 'Internal server error' }, 'streamCut'],
      ['a socket cut', { kind: 'cut', afterChars: 40 }, 'streamCut'],
      ['a stream ending before message_stop', { kind: 'earlyEnd', afterChars: 40 }, 'streamCut'],
    ];
    for (const [name, fault, kind] of midStream) {
      it(`${name} mid-stream: the chat keeps the text so far, marked incomplete, with the error; not retried`, async () => {
        fake.server.enqueue({ text, chunkSize: 10, fault });
        const r = await fake.api.chat.send('Why 42?');
        assert.ok(r && !r.ok && r.error.kind === kind, JSON.stringify(r));
        const [user, reply] = fake.api.chatState().messages;
        assert.strictEqual(user?.text, 'Why 42?');
        assert.strictEqual(reply?.role, 'assistant');
        assert.strictEqual(reply?.text, text.slice(0, 40));
        assert.ok(reply?.incomplete, 'marked incomplete');
        assert.strictEqual(reply?.error?.kind, kind);
        assert.strictEqual(fake.api.chatState().streamingId, undefined);
        assert.strictEqual(fake.server.requests.length, 1, 'a reply that had started is not retried');

        // The partial reply is part of the history the next turn sends.
        fake.server.enqueue({ text: 'Continuing.' });
        const next = await fake.api.chat.send('Go on');
        assert.ok(next?.ok);
        assert.deepStrictEqual(
          (fake.server.requests[1]!.body.messages as Array<{ role: string; content: unknown }>).map((m) => [m.role, contentText(m.content)]),
          [
            ['user', 'Why 42?'],
            ['assistant', text.slice(0, 40).trimEnd()],
            ['user', 'Go on'],
          ],
        );
      });
    }

    it('a stall: the chat keeps the text so far after the idle timeout', async () => {
      await configure({ requestIdleTimeoutSeconds: 5 });
      try {
        fake.server.enqueue({ text, chunkSize: 10, fault: { kind: 'stall', afterChars: 20 } });
        const r = await fake.api.chat.send('Why 42?');
        assert.ok(r && !r.ok && r.error.kind === 'idle', JSON.stringify(r));
        const reply = fake.api.chatState().messages[1];
        assert.strictEqual(reply?.text, text.slice(0, 20));
        assert.ok(reply?.incomplete);
        assert.strictEqual(reply?.error?.kind, 'idle');
      } finally {
        await configure({ requestIdleTimeoutSeconds: 60 });
      }
    });
  });

  describe('the retry countdown', () => {
    it('a 429 with retry-after: 2 announces the wait, then succeeds', async () => {
      const seen: HostMessage[] = [];
      const sub = fake.api.chat.onDidChange((m) => {
        if (m !== 'state') seen.push(m);
      });
      try {
        fake.server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } } }, { text: 'After the wait.' });
        const started = Date.now();
        const r = await fake.api.chat.send('Hello');
        assert.ok(r?.ok, JSON.stringify(r));
        assert.ok(Date.now() - started >= 1800, 'the SDK waited for retry-after');
        const retrying = seen.filter((m) => m.type === 'replyRetrying');
        assert.strictEqual(retrying.length, 1, JSON.stringify(seen));
        assert.deepStrictEqual(
          (({ attempt, seconds, reason }) => ({ attempt, seconds, reason }))(retrying[0] as Extract<HostMessage, { type: 'replyRetrying' }>),
          { attempt: 1, seconds: 2, reason: 'HTTP 429' },
        );
        const types = seen.map((m) => m.type);
        assert.ok(types.indexOf('replyRetrying') < types.indexOf('replyDelta'), 'the countdown comes before the text');
        assert.strictEqual(fake.server.requests.length, 2);
        assert.strictEqual(fake.api.chatState().messages[1]?.text, 'After the wait.');
      } finally {
        sub.dispose();
      }
    });

    it('Stop during the wait aborts: no further request reaches the server', async () => {
      const seen: HostMessage[] = [];
      const sub = fake.api.chat.onDidChange((m) => {
        if (m !== 'state') seen.push(m);
      });
      try {
        fake.server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } } }, { text: 'Must not be asked for.' });
        const pending = fake.api.chat.send('Hello');
        await waitFor('the retry countdown', () => seen.some((m) => m.type === 'replyRetrying'));
        const stoppedAt = Date.now();
        fake.api.chat.stop();
        const r = await pending;
        assert.ok(r && !r.ok && r.error.kind === 'stopped', JSON.stringify(r));
        assert.ok(Date.now() - stoppedAt < 1500, 'the wait itself was cancelled, not sat out');
        await sleep(3000);
        assert.strictEqual(fake.server.requests.length, 1, 'no retry after Stop');
        assert.strictEqual(fake.api.chatState().streamingId, undefined);
        assert.strictEqual(fake.api.chatState().messages[1]?.incomplete, 'Stopped.');
      } finally {
        sub.dispose();
      }
      await assertNothingUnhandled();
    });
  });

  describe('an aborted or failed reply applies nothing', () => {
    const ORIGINAL = 'function sum(xs) {\n  let t = 0;\n  for (let i = 0; i <= xs.length; i++) t += xs[i];\n  return t;\n}\n';
    const reply = 'Fixed:\n\n```javascript\nfunction sum(xs) {\n  return xs.reduce((t, x) => t + x, 0);\n}\n```\n';

    it('closing the panel while a refactor streams (Stop): no diff, nothing to accept, the file unchanged', async () => {
      const editor = await openDocument(ORIGINAL, 'javascript', [0, 0, 5, 0]);
      fake.server.enqueue({ text: reply + LONG, chunkSize: 5, delayMs: 20 });
      const pending = run<RefactorResult>('claude.fixBugs');
      await fake.server.waitForRequests(1, 10_000);
      await waitFor('the code block to have streamed', () => (fake.api.replyPanelState().reply?.text.length ?? 0) > reply.length);
      await vscode.window.tabGroups.close(await waitFor('the panel tab', () => (panelTabs().length ? panelTabs() : undefined)));
      const result = await pending;
      assert.strictEqual(result.outcome, 'failed');
      assert.ok(result.run && !result.run.ok && result.run.error.kind === 'stopped');
      await sleep(300);
      assert.strictEqual(diffTabs().length, 0, 'no diff opened');
      assert.strictEqual(await run<AcceptOutcome>('claude.acceptProposal'), 'none');
      assert.strictEqual(editor.document.getText(), ORIGINAL);
      await assertNothingUnhandled();
    });

    it('a refactor superseded by another request mid-stream: nothing applied', async () => {
      const editor = await openDocument(ORIGINAL, 'javascript', [0, 0, 5, 0]);
      fake.server.enqueue({ text: reply + LONG, chunkSize: 5, delayMs: 20 }, { text: 'Just an explanation.' });
      const pending = run<RefactorResult>('claude.refactor');
      await waitFor('the code block to have streamed', () => (fake.api.replyPanelState().reply?.text.length ?? 0) > reply.length);
      const explained = await run<RunResult>('claude.explainSelection');
      assert.ok(explained.ok);
      const result = await pending;
      assert.strictEqual(result.outcome, 'failed');
      assert.strictEqual(diffTabs().length, 0);
      assert.strictEqual(await run<AcceptOutcome>('claude.acceptProposal'), 'none');
      assert.strictEqual(editor.document.getText(), ORIGINAL);
      await assertNothingUnhandled();
    });

    it('a mid-stream error after the whole code block streamed: nothing applied', async () => {
      const editor = await openDocument(ORIGINAL, 'javascript', [0, 0, 5, 0]);
      fake.server.enqueue({ text: reply + LONG, chunkSize: 20, fault: { kind: 'midStreamError', afterChars: reply.length + 20, errorType: 'overloaded_error' } });
      const result = await run<RefactorResult>('claude.optimize');
      assert.strictEqual(result.outcome, 'failed');
      assert.ok(fake.api.replyPanelState().reply?.text.includes('reduce'), 'the code had streamed');
      assert.strictEqual(diffTabs().length, 0);
      assert.strictEqual(await run<AcceptOutcome>('claude.acceptProposal'), 'none');
      assert.strictEqual(editor.document.getText(), ORIGINAL);
    });
  });

  describe('documents that cannot or should not be changed', () => {
    const readOnlyCases: Array<[string, boolean]> = [
      ['on a read-only file system', true],
      ['whose file is read-only on a writable file system (FilePermission.Readonly)', false],
    ];
    for (const [where, readonlyFs] of readOnlyCases) it(`a read-only document ${where}: Accept says so and leaves it unchanged`, async () => {
      const ORIGINAL = 'export const twice = (x: number) => x + x;\n';
      const scheme = `claude-readonly-test-${readonlyFs ? 'fs' : 'file'}`;
      const file = vscode.Uri.from({ scheme, path: '/readonly.ts' });
      const bytes = new TextEncoder().encode(ORIGINAL);
      const changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
      const provider: vscode.FileSystemProvider = {
        onDidChangeFile: changed.event,
        watch: () => new vscode.Disposable(() => undefined),
        stat: (uri) => {
          if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
          if (uri.path === file.path) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length, permissions: vscode.FilePermission.Readonly };
          throw vscode.FileSystemError.FileNotFound(uri);
        },
        readDirectory: () => [['readonly.ts', vscode.FileType.File]],
        readFile: (uri) => {
          if (uri.path === file.path) return bytes;
          throw vscode.FileSystemError.FileNotFound(uri);
        },
        createDirectory: (uri) => {
          throw vscode.FileSystemError.NoPermissions(uri);
        },
        writeFile: (uri) => {
          throw vscode.FileSystemError.NoPermissions(uri);
        },
        delete: (uri) => {
          throw vscode.FileSystemError.NoPermissions(uri);
        },
        rename: (uri) => {
          throw vscode.FileSystemError.NoPermissions(uri);
        },
      };
      const registration = vscode.workspace.registerFileSystemProvider(scheme, provider, { isReadonly: readonlyFs, isCaseSensitive: true });
      try {
        const doc = await vscode.workspace.openTextDocument(file);
        const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
        editor.selection = new vscode.Selection(0, 0, 1, 0);
        fake.server.enqueue({ text: '```typescript\nexport const twice = (x: number) => 2 * x;\n```\n' });
        await withShownMessages(async (shown) => {
          const result = await run<RefactorResult>('claude.refactor');
          assert.strictEqual(result.outcome, 'proposed', JSON.stringify(result));
          const outcome = await run<AcceptOutcome>('claude.acceptProposal');
          await sleep(200);
          assert.deepStrictEqual(
            {
              outcome,
              unchanged: doc.getText() === ORIGINAL,
              dirty: doc.isDirty,
              saysReadOnly: shown.some((m) => /^(error|warning): .*read-only/i.test(m)),
              diffOpen: diffTabs().length > 0,
            },
            { outcome: 'failed', unchanged: true, dirty: false, saysReadOnly: true, diffOpen: false },
            `Accept on a read-only document; messages shown: ${JSON.stringify(shown)}`,
          );
        });
      } finally {
        await closeAllEditors();
        registration.dispose();
        changed.dispose();
      }
      await assertNothingUnhandled();
    });

    it('a selection inside a Jupyter notebook cell is explained with its language', async () => {
      const code = 'def add(a, b):\n    return a - b\n';
      const data = new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# A notebook', 'markdown'),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, `import math\n${code}print(add(1, 2))\n`, 'python'),
      ]);
      const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
      await vscode.window.showNotebookDocument(nb, { viewColumn: vscode.ViewColumn.One });
      const cell = nb.cellAt(1).document;
      const editor = await vscode.window.showTextDocument(cell, { selection: new vscode.Range(1, 0, 3, 0) });
      assert.strictEqual(editor.document.uri.scheme, 'vscode-notebook-cell');
      fake.server.enqueue({ text: 'It subtracts although it is called add.' });
      await withShownMessages(async (shown) => {
        const result = await run<RunResult | undefined>('claude.explainSelection');
        const where = {
          active: vscode.window.activeTextEditor?.document.uri.toString(),
          visible: vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()),
          shown,
        };
        assert.ok(result?.ok, `explain in a notebook cell: ${JSON.stringify(result ?? where)}`);
      });
      const user = contentText(fake.server.requests[0]!.body.messages[0].content);
      assert.ok(user.includes(code.trimEnd()), user);
      assert.ok(!user.includes('import math'), 'only the selection is sent');
      assert.ok(user.includes('python'), user);
      assert.strictEqual(fake.api.replyPanelState().reply?.text, 'It subtracts although it is called add.');
    });

    it('a 3 MB file with no selection: the refactor is refused before sending, with the size', async () => {
      const big = 'let x = 1;\n'.repeat(Math.ceil((3 * 1024 * 1024) / 11));
      const editor = await openDocument(big, 'javascript');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await withShownMessages(async (shown) => {
        const result = await run<RefactorResult>('claude.refactor');
        assert.strictEqual(result.outcome, 'cancelled');
        assert.ok(shown.some((m) => /^warning: .*3\.0 MB/.test(m)), `the size is in the message; shown: ${JSON.stringify(shown)}`);
      });
      await sleep(300);
      assert.strictEqual(fake.server.requests.length, 0, 'nothing sent');
      assert.strictEqual(diffTabs().length, 0);
    });
  });

  describe('the stored chat', () => {
    // The extension's own workspaceState is private to it, so these drive ChatStore (the class the
    // extension uses) through its constructor with an in-memory Memento holding corrupt values.
    class MemoryMemento implements vscode.Memento {
      readonly values = new Map<string, unknown>();
      keys(): readonly string[] {
        return [...this.values.keys()];
      }
      get<T>(key: string, defaultValue?: T): T | undefined {
        return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
      }
      async update(key: string, value: unknown): Promise<void> {
        if (value === undefined) this.values.delete(key);
        else this.values.set(key, value);
      }
    }
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`), error: (m: string) => logged.push(`error ${m}`) } as unknown as Log;
    beforeEach(() => (logged.length = 0));

    const corrupt: Array<[string, (m: MemoryMemento) => string, (s: ChatStore) => void]> = [
      [
        'an index that is not an object',
        (m) => (m.values.set('claude.chats.index', 'garbage'), 'claude.chats.index'),
        (s) => assert.deepStrictEqual([...s.entries], []),
      ],
      [
        'an index of an unknown version',
        (m) => (m.values.set('claude.chats.index', { version: 99, entries: [] }), 'claude.chats.index'),
        (s) => assert.deepStrictEqual([...s.entries], []),
      ],
      [
        'the current chat with a malformed message',
        (m) => {
          m.values.set('claude.chats.index', { version: 1, currentId: 'c1', entries: [{ id: 'c1', title: 'Old chat', createdAt: 1, updatedAt: 2 }] });
          m.values.set('claude.chats.c1', { version: 1, id: 'c1', title: 'Old chat', createdAt: 1, turns: [{ id: 't1', role: 'robot', text: 42 }] });
          return 'claude.chats.c1';
        },
        (s) => assert.strictEqual(s.loadCurrent(), undefined),
      ],
      [
        'the first builds\' single chat, unreadable',
        (m) => (m.values.set('claude.chat.current', { version: 1, id: 7, turns: 'nope' }), 'claude.chat.current'),
        (s) => assert.strictEqual(s.loadCurrent(), undefined),
      ],
    ];
    it('a partial reply read back (as after a window reload) keeps its text, its mark and its error', async () => {
      fake.server.enqueue({ text: 'The answer is forty-two, because', chunkSize: 5, fault: { kind: 'cut', afterChars: 20 } });
      const r = await fake.api.chat.send('Why 42?');
      assert.ok(r && !r.ok);
      const live = fake.api.chat.current;
      const memento = new MemoryMemento();
      await new ChatStore(memento, log).save(JSON.parse(JSON.stringify(live)));
      const reloaded = new ChatStore(memento, log).loadCurrent();
      const pick = (t: Turn | undefined) => ({ text: t?.text, incomplete: t?.incomplete, error: t?.error && { kind: t.error.kind, title: t.error.title } });
      assert.deepStrictEqual(pick(reloaded?.turns[1]), pick(live.turns[1]));
      assert.strictEqual(reloaded?.turns[1]?.text, 'The answer is forty-two, because'.slice(0, 20));
      assert.ok(reloaded?.turns[1]?.error, 'the error (and its Retry) still shows after a reload');
    });

    describe('chats in files of their own', () => {
      let dir: string;
      beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chats-'));
      });
      afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
      const bigChat = (i: number) => ({
        version: 1 as const,
        id: `c${i}`,
        title: `Chat ${i}`,
        createdAt: i,
        turns: [
          { id: `u${i}`, role: 'user' as const, text: `Question ${i}` },
          { id: `a${i}`, role: 'assistant' as const, text: `Answer ${i}: ${'x'.repeat(50_000)}` },
        ],
      });

      it('keeps each chat in its own file, so the Memento VS Code rewrites on every save holds only the index', async () => {
        const memento = new MemoryMemento();
        const store = new ChatStore(memento, log, dir);
        for (let i = 1; i <= 20; i++) await store.save(bigChat(i));
        const mementoBytes = JSON.stringify(Object.fromEntries(memento.values)).length;
        assert.ok(mementoBytes < 10_000, `the Memento holds ${mementoBytes} bytes after 20 chats of 50 KB`);
        assert.strictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length, 20, 'one file per chat, no temporary files left');
        const again = new ChatStore(memento, log, dir);
        assert.strictEqual(again.entries.length, 20);
        assert.strictEqual(again.loadCurrent()?.id, 'c20');
        assert.strictEqual(again.load('c3')?.turns[1]?.text, bigChat(3).turns[1]!.text);
        await again.delete('c3');
        assert.strictEqual(again.load('c3'), undefined);
        assert.ok(!fs.existsSync(path.join(dir, 'c3.json')), 'a deleted chat\'s file is removed');
      });

      it('moves chats an earlier build kept in the Memento to files, keeping them readable', async () => {
        const memento = new MemoryMemento();
        await new ChatStore(memento, log).save(bigChat(1));
        assert.ok(memento.values.has('claude.chats.c1'), 'the old layout: the chat in the Memento');
        const store = new ChatStore(memento, log, dir);
        assert.strictEqual(store.loadCurrent()?.id, 'c1', 'readable at once');
        await waitFor('the chat to move to its file', () => fs.existsSync(path.join(dir, 'c1.json')) && !memento.values.has('claude.chats.c1'), 5000);
        assert.strictEqual(new ChatStore(memento, log, dir).loadCurrent()?.turns[1]?.text, bigChat(1).turns[1]!.text);
      });

      it('an unreadable chat file is kept aside, reported, and a new chat works', async () => {
        const memento = new MemoryMemento();
        await new ChatStore(memento, log, dir).save(bigChat(1));
        fs.writeFileSync(path.join(dir, 'c1.json'), '{"version": 1, "id": "c1", "turns": [');
        await withShownMessages(async (shown) => {
          assert.strictEqual(new ChatStore(memento, log, dir).loadCurrent(), undefined);
          assert.ok(shown.some((m) => /^warning: .*could not be read back/.test(m)), `the user is told; shown: ${JSON.stringify(shown)}`);
        });
        const aside = fs.readdirSync(dir).filter((f) => f.startsWith('c1.json.unreadable.'));
        assert.strictEqual(aside.length, 1, `kept aside: ${JSON.stringify(fs.readdirSync(dir))}`);
        assert.strictEqual(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), '{"version": 1, "id": "c1", "turns": [', 'kept unchanged');
        const store = new ChatStore(memento, log, dir);
        await store.save(bigChat(2));
        assert.strictEqual(new ChatStore(memento, log, dir).loadCurrent()?.id, 'c2');
      });

      // A save appends what changed to the chat's journal (<id>.jsonl); the snapshot (<id>.json) is the chat as a whole.
      const longChat = (turns: number) => ({
        version: 1 as const,
        id: 'long',
        title: 'A long chat',
        createdAt: 1,
        turns: Array.from({ length: turns }, (_, i) =>
          i % 2 ? { id: `a${i}`, role: 'assistant' as const, text: `Answer ${i}: ${'y'.repeat(2000)}` } : { id: `u${i}`, role: 'user' as const, text: `Question ${i}` },
        ),
      });
      const ask = async (store: ChatStore, chat: StoredChat, q: string) => {
        chat.turns.push({ id: `q-${q}`, role: 'user', text: q });
        await store.save(chat);
        chat.turns.push({ id: `r-${q}`, role: 'assistant', text: `About ${q}: yes.` });
        await store.save(chat);
      };
      const texts = (chat: StoredChat | undefined) => chat?.turns.map((t) => t.text);

      it('a send in a 2,000-message chat writes its question and reply, not the chat; a reload reads them back', async () => {
        const memento = new MemoryMemento();
        await new ChatStore(memento, log, dir).save(longChat(2000));
        const snapshot = fs.readFileSync(path.join(dir, 'long.json'), 'utf8');
        assert.ok(snapshot.length > 2_000_000, `a 2 MB chat (${snapshot.length} bytes)`);
        // As after a window reload: the chat is opened, then two questions are sent.
        const store = new ChatStore(memento, log, dir);
        const chat = store.loadCurrent()!;
        await ask(store, chat, 'one');
        await ask(store, chat, 'two');
        assert.ok(store.bytesWritten < 5_000, `four saves wrote ${store.bytesWritten} bytes`);
        assert.strictEqual(fs.readFileSync(path.join(dir, 'long.json'), 'utf8'), snapshot, 'the snapshot is not written again');
        const journal = fs.readFileSync(path.join(dir, 'long.jsonl'), 'utf8');
        assert.strictEqual(journal.split('\n').length - 1, 4, 'a line per save');
        assert.ok(journal.length < 5_000, `the journal holds ${journal.length} bytes`);
        const reloaded = new ChatStore(memento, log, dir).loadCurrent();
        assert.deepStrictEqual(texts(reloaded)?.slice(-5), [longChat(2000).turns[1999]!.text, 'one', 'About one: yes.', 'two', 'About two: yes.']);
        assert.strictEqual(reloaded?.turns.length, 2004);
      });

      it('a chat stored by the build before journals (one JSON file) loads, and its next saves append to it', async () => {
        const memento = new MemoryMemento();
        const old = longChat(6);
        memento.values.set('claude.chats.index', { version: 1, currentId: 'long', entries: [{ id: 'long', title: old.title, createdAt: 1, updatedAt: 2 }] });
        fs.writeFileSync(path.join(dir, 'long.json'), JSON.stringify(old));
        const store = new ChatStore(memento, log, dir);
        const chat = store.loadCurrent();
        assert.deepStrictEqual(chat, old, 'read as it was stored');
        await ask(store, chat!, 'more');
        assert.strictEqual(fs.readFileSync(path.join(dir, 'long.json'), 'utf8'), JSON.stringify(old), 'left as it was; the question and reply went to the journal');
        assert.deepStrictEqual(texts(new ChatStore(memento, log, dir).loadCurrent()), [...texts(old)!, 'more', 'About more: yes.']);
      });

      it('a reload right after a reply in the chat view reads the question and the reply from the chat\'s files', async () => {
        const folder = fake.api.chatFolder();
        assert.ok(folder, 'the test workspace has a storage folder');
        await fake.api.chat.newChat();
        fake.server.enqueue({ text: 'First answer.' }, { text: 'Second answer.' }, { text: 'Third answer.' });
        for (const q of ['First?', 'Second?', 'Third?']) assert.ok((await fake.api.chat.send(q))?.ok);
        const id = fake.api.chat.current.id;
        // A new store over the same folder, as the extension makes after a window reload.
        const reloaded = new ChatStore(new MemoryMemento(), log, folder).load(id);
        assert.deepStrictEqual(texts(reloaded), ['First?', 'First answer.', 'Second?', 'Second answer.', 'Third?', 'Third answer.']);
        assert.ok(fs.existsSync(path.join(folder, `${id}.jsonl`)), 'the later saves went to the journal');
      });

      it('a torn last line of the journal (a crash while saving) keeps the chat up to it, is kept aside and reported, and the chat saves on', async () => {
        const memento = new MemoryMemento();
        await new ChatStore(memento, log, dir).save(longChat(4));
        const store = new ChatStore(memento, log, dir);
        await ask(store, store.loadCurrent()!, 'kept');
        await ask(store, store.loadCurrent()!, 'torn');
        const file = path.join(dir, 'long.jsonl');
        const journal = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, journal.slice(0, -20)); // the last save (the reply to 'torn') cut short
        const reloaded = await withShownMessages(async (shown) => {
          const chat = new ChatStore(memento, log, dir).loadCurrent();
          assert.ok(shown.some((m) => /^warning: Part of a stored Claude chat could not be read back/.test(m)), `the user is told; shown: ${JSON.stringify(shown)}`);
          return chat;
        });
        assert.deepStrictEqual(texts(reloaded)?.slice(4), ['kept', 'About kept: yes.', 'torn'], 'everything before the torn line');
        const aside = fs.readdirSync(dir).filter((f) => f.startsWith('long.jsonl.unreadable.'));
        assert.strictEqual(aside.length, 1, `kept aside: ${JSON.stringify(fs.readdirSync(dir))}`);
        assert.strictEqual(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), journal.slice(0, -20), 'kept unchanged');
        // The chat is written anew as read, so the next saves do not follow the torn line.
        await waitFor('the chat written anew, its old journal gone', () => !fs.existsSync(file), 5000);
        const store2 = new ChatStore(memento, log, dir);
        const chat = store2.loadCurrent()!;
        assert.deepStrictEqual(texts(chat), texts(reloaded), 'read again without a problem');
        await ask(store2, chat, 'after');
        assert.deepStrictEqual(texts(new ChatStore(memento, log, dir).loadCurrent())?.slice(4), ['kept', 'About kept: yes.', 'torn', 'after', 'About after: yes.']);
      });

      it('a journal grown longer than its chat is folded into the chat\'s file', async () => {
        const memento = new MemoryMemento();
        await new ChatStore(memento, log, dir).save(longChat(2));
        const store = new ChatStore(memento, log, dir);
        const chat = store.loadCurrent()!;
        for (let i = 0; i < 40; i++) {
          chat.turns.push({ id: `q${i}`, role: 'user', text: `${i}: ${'z'.repeat(2000)}` });
          await store.save(chat);
        }
        await waitFor('the journal folded into the snapshot', () => (fs.statSync(path.join(dir, 'long.jsonl'), { throwIfNoEntry: false })?.size ?? 0) < 64 * 1024, 5000);
        const reloaded = new ChatStore(memento, log, dir).loadCurrent();
        assert.strictEqual(reloaded?.turns.length, 42);
        assert.deepStrictEqual(reloaded, chat);
      });
    });

    for (const [name, seed, check] of corrupt) {
      it(`unreadable, ${name}: kept aside under its own key, reported, a new chat possible`, async () => {
        const memento = new MemoryMemento();
        const key = seed(memento);
        const raw = memento.values.get(key);
        await withShownMessages(async (shown) => {
          const store = new ChatStore(memento, log);
          check(store);
          assert.ok(shown.some((m) => /^warning: .*could not be read back/.test(m)), `the user is told; shown: ${JSON.stringify(shown)}`);
        });
        await sleep(50);
        assert.strictEqual(memento.values.get(key), undefined, 'the unreadable value is no longer where it was');
        const aside = memento.keys().filter((k) => k.startsWith(`${key}.unreadable.`));
        assert.strictEqual(aside.length, 1, `kept aside: ${JSON.stringify(memento.keys())}`);
        assert.deepStrictEqual(memento.values.get(aside[0]!), raw, 'kept aside unchanged, not dropped');
        assert.ok(logged.some((l) => l.startsWith('error ') && l.includes(aside[0]!)), JSON.stringify(logged));

        // The store still works: a new chat saves and reads back.
        const again = new ChatStore(memento, log);
        const chat = { version: 1 as const, id: 'fresh', title: 'Fresh', createdAt: Date.now(), turns: [{ id: 'u', role: 'user' as const, text: 'hi' }] };
        await again.save(chat);
        assert.deepStrictEqual(new ChatStore(memento, log).loadCurrent()?.turns.map((t) => t.text), ['hi']);
      });
    }
  });

  // Declared last: mocha runs a describe's own tests before its nested describes.
  describe('at the end', () => {
    it('over the whole suite: nothing unhandled, no command rejected', async () => {
      await assertNothingUnhandled();
    });
  });
});
