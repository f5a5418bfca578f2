// Issue #5, security: a distinctive API key goes through every command and every failure, then is
// searched for everywhere VS Code or the extension could have written it. It must appear only in
// the requests' Authorization header.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { RefactorResult } from '../../src/features/refactor/refactorCommands';
import type { AcceptOutcome } from '../../src/platform/proposals/applyEdit';
import type { FaultScript, ReplyScript } from '../fake-anthropic/server';
import { closeAllEditors, configure, EXTENSION_ID, header, openDocument, TEST_KEY, useFakeAnthropic, waitFor } from './helpers';
import { sessionLogDirs, userDataDirs, walk } from './vscodeFiles';

// ---- the search ----

interface Hit {
  where: string;
  needle: string;
}

function needlesFor(key: string): Array<[string, Buffer]> {
  const secretPart = key.slice('sk-ant-leakcheck-'.length);
  return [
    ['the key', Buffer.from(key)],
    ['the key\'s random part', Buffer.from(secretPart)],
    ['the key in UTF-16', Buffer.from(key, 'utf16le')],
    ['the key in base64', Buffer.from(Buffer.from(key).toString('base64').replace(/=+$/, ''))],
  ];
}

function search(where: string, haystack: Buffer | string, needles: Array<[string, Buffer]>, hits: Hit[]): void {
  const buf = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  for (const [name, needle] of needles) {
    if (buf.includes(needle) && !hits.some((h) => h.where === where && h.needle === name)) hits.push({ where, needle: name });
  }
}

function searchFiles(files: string[], needles: Array<[string, Buffer]>, hits: Hit[]): number {
  let n = 0;
  for (const f of files) {
    let buf: Buffer;
    try {
      if (fs.statSync(f).size > 64 * 1024 * 1024) continue;
      buf = fs.readFileSync(f);
    } catch {
      continue;
    }
    n++;
    search(f, buf, needles, hits);
  }
  return n;
}

const codeReply = (code: string) => `Here you go:\n\n\`\`\`javascript\n${code}\`\`\`\n`;
const SOURCE = 'function sum(xs) {\n  let t = 0;\n  for (let i = 0; i <= xs.length; i++) t += xs[i];\n  return t;\n}\n';
const FIXED = 'function sum(xs) {\n  return xs.reduce((t, x) => t + x, 0);\n}\n';

async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('The API key never leaks', function () {
  this.timeout(240_000);
  const fake = useFakeAnthropic();
  const KEY = `sk-ant-leakcheck-${randomBytes(20).toString('hex')}`;
  const needles = needlesFor(KEY);

  after(async () => {
    await vscode.commands.executeCommand('claude.setApiKey', TEST_KEY);
    await configure({ maxRetries: 2, requestIdleTimeoutSeconds: 60 });
    await closeAllEditors();
  });

  it('through every command and every failure: only in the Authorization header, nowhere stored, logged or shown', async () => {
    const hits: Hit[] = [];
    const results: unknown[] = [];
    let lastOkRequestId: string | undefined;

    // Everything the host hands to a webview: the chat's notifications and both views' whole state.
    const chatSub = fake.api.chat.onDidChange((m) => {
      search(`chat webview message ${m === 'state' ? 'state' : m.type}`, JSON.stringify(m === 'state' ? fake.api.chatState() : m), needles, hits);
    });
    let snapshots = 0;
    const poll = setInterval(() => {
      snapshots++;
      search('reply panel state', JSON.stringify(fake.api.replyPanelState()), needles, hits);
      search('chat state', JSON.stringify(fake.api.chatState()), needles, hits);
    }, 15);
    const record = <T>(what: string, r: T): T => {
      results.push(r);
      search(`result of ${what}`, JSON.stringify(r ?? null), needles, hits);
      const run = r && typeof r === 'object' ? ('ok' in r ? (r as unknown as RunResult) : (r as { run?: RunResult }).run) : undefined;
      if (run?.ok && run.requestId) lastOkRequestId = run.requestId;
      return r;
    };
    const explain = async (what: string) => record(what, await vscode.commands.executeCommand<RunResult>('claude.explainSelection'));
    const chat = async (what: string, text: string) => record(`chat ${what}`, await fake.api.chat.send(text));
    const withSettings = async (values: Record<string, unknown>, body: () => Promise<void>) => {
      await configure(values);
      try {
        await body();
      } finally {
        await configure({ baseUrl: fake.server.url, maxRetries: 2, requestIdleTimeoutSeconds: 60 });
      }
    };

    try {
      // Set the key.
      fake.server.validKeys.add(KEY);
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('claude.setApiKey', KEY), true);

      // Explain.
      await openDocument(SOURCE, 'javascript', [0, 0, 5, 0]);
      fake.server.enqueue({ text: 'It sums, but reads past the end.', chunkSize: 4 });
      assert.ok((await explain('explain')).ok);

      // Each refactor, accepted or rejected, and Write Tests.
      const refactors: Array<[string, 'accept' | 'reject', unknown?]> = [
        ['claude.refactor', 'accept'],
        ['claude.fixBugs', 'reject'],
        ['claude.addDocs', 'accept'],
        ['claude.optimize', 'reject'],
        ['claude.customInstruction', 'accept', 'Use reduce'],
      ];
      for (const [command, decision, arg] of refactors) {
        await closeAllEditors();
        const editor = await openDocument(SOURCE, 'javascript', [0, 0, 5, 0]);
        fake.server.enqueue({ text: codeReply(FIXED), chunkSize: 6 });
        const r = record(command, await vscode.commands.executeCommand<RefactorResult>(command, ...(arg ? [arg] : [])));
        assert.strictEqual(r.outcome, 'proposed', `${command}: ${JSON.stringify(r)}`);
        if (decision === 'accept') {
          assert.strictEqual(record('accept', await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal')), 'applied');
          assert.strictEqual(editor.document.getText(), FIXED);
        } else {
          await vscode.commands.executeCommand('claude.rejectProposal');
          assert.strictEqual(editor.document.getText(), SOURCE);
        }
      }
      await closeAllEditors();
      await openDocument(SOURCE, 'javascript', [0, 0, 5, 0]);
      fake.server.enqueue({ text: codeReply("test('sum', () => {});\n") });
      assert.strictEqual(record('writeTests', await vscode.commands.executeCommand<RefactorResult>('claude.writeTests')).outcome, 'opened');
      await closeAllEditors();
      await openDocument(SOURCE, 'javascript', [0, 0, 5, 0]);

      // Chat: send, Stop, Retry, New Chat.
      await fake.api.chat.newChat();
      fake.server.enqueue({ text: 'A closure captures variables.' });
      assert.ok((await chat('send', 'What is a closure?'))?.ok);
      fake.server.enqueue({ text: 'word '.repeat(400), chunkSize: 5, delayMs: 15 });
      const stopping = chat('stop', 'A long answer please');
      await waitFor('the chat reply to stream', () => (fake.api.chatState().messages[3]?.text.length ?? 0) > 20);
      fake.api.chat.stop();
      assert.strictEqual((await stopping)?.ok, false);
      fake.server.enqueue({ text: 'The long answer, shorter.' });
      assert.ok(record('chat retry', await fake.api.chat.retry())?.ok);
      await vscode.commands.executeCommand('claude.newChat');

      // Every status fault, through Explain and the chat (no retries: each is answered once).
      await withSettings({ maxRetries: 0 }, async () => {
        const statuses: Array<[number, Partial<Extract<FaultScript, { kind: 'status' }>>]> = [
          [401, {}],
          [403, {}],
          [404, {}],
          [413, {}],
          [429, { headers: { 'retry-after': '1' } }],
          [500, {}],
          [529, {}],
          // A gateway that echoes the credentials in its error message must not get them shown.
          [400, { message: `Invalid header Authorization: Bearer ${KEY}` }],
          [403, { message: `key ${KEY} is not allowed to use this model` }],
        ];
        for (const [status, extra] of statuses) {
          const fault: ReplyScript = { fault: { kind: 'status', status, ...extra } };
          fake.server.enqueue(fault, fault);
          assert.strictEqual((await explain(`explain ${status}`)).ok, false);
          assert.strictEqual((await chat(`${status}`, `status ${status}`))?.ok, false);
        }
      });

      // A real 401: the server does not know the key.
      fake.server.validKeys.delete(KEY);
      assert.ok(!(await explain('explain real 401')).ok);
      assert.ok(!(await chat('real 401', 'who am I?'))?.ok);
      fake.server.validKeys.add(KEY);

      // 429 and 529 retried by the SDK (the countdown is shown), then given up.
      await withSettings({ maxRetries: 1 }, async () => {
        fake.server.enqueue(
          { fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '100' } } },
          { fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '100' } } },
          { fault: { kind: 'status', status: 529, headers: { 'retry-after-ms': '100' } } },
          { text: 'Finally.' },
        );
        assert.strictEqual((await explain('explain 429 retried')).ok, false);
        assert.ok((await chat('529 retried', 'again?'))?.ok);
      });

      // Mid-stream failures.
      const streamFaults: FaultScript[] = [
        { kind: 'midStreamError', afterChars: 20, errorType: 'overloaded_error' },
        { kind: 'midStreamError', afterChars: 20, errorType: 'api_error', message: `upstream rejected ${KEY}` },
        { kind: 'cut', afterChars: 20 },
        { kind: 'earlyEnd', afterChars: 20 },
        { kind: 'emptyBody' },
      ];
      await withSettings({ maxRetries: 0 }, async () => {
        for (const fault of streamFaults) {
          const s: ReplyScript = { text: 'Partial text that will not finish in time.', chunkSize: 5, fault };
          fake.server.enqueue(s, s);
          assert.strictEqual((await explain(`explain ${fault.kind}`)).ok, false);
          assert.strictEqual((await chat(fault.kind, `fault ${fault.kind}`))?.ok, false);
        }
      });

      // A stall, with the idle timeout at its minimum.
      await withSettings({ requestIdleTimeoutSeconds: 5 }, async () => {
        const s: ReplyScript = { text: 'Some text before the stall.', fault: { kind: 'stall', afterChars: 10 } };
        fake.server.enqueue(s, s);
        const [a, b] = await Promise.all([explain('explain stall'), chat('stall', 'stall')]);
        assert.ok(!a.ok && a.error.kind === 'idle');
        assert.ok(b && !b.ok && b.error.kind === 'idle');
      });

      // The network down.
      await withSettings({ baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 1 }, async () => {
        const a = await explain('explain network down');
        assert.ok(!a.ok && a.error.kind === 'network', JSON.stringify(a));
        const b = await chat('network down', 'offline?');
        assert.ok(b && !b.ok && b.error.kind === 'network');
      });

      // One last good request: its request id in the log shows the log has been written out.
      fake.server.enqueue({ text: 'All good.' });
      assert.ok((await explain('explain last')).ok);
      fake.server.enqueue({ text: 'Still good.' });
      assert.ok((await chat('last', 'bye'))?.ok);
    } finally {
      clearInterval(poll);
      chatSub.dispose();
    }

    // The key did go to the server, in the Authorization header, on every request.
    const messages = fake.server.requests.filter((r) => r.path.startsWith('/v1/messages'));
    assert.ok(messages.length >= 40, `requests made: ${messages.length}`);
    const auth = messages.map((r) => header(r, 'authorization'));
    assert.deepStrictEqual([...new Set(auth)], [`Bearer ${KEY}`], 'every request carried the key as a Bearer token');
    for (const r of messages) search(`request body to ${r.path}`, r.rawBody, needles, hits);

    // The views and everything returned.
    search('final chat state', JSON.stringify(fake.api.chatState()), needles, hits);
    search('final panel state', JSON.stringify(fake.api.replyPanelState()), needles, hits);
    // The stored chats, read back through the session from the extension's workspace storage.
    const session = fake.api.chat;
    search('current chat', JSON.stringify(session.current), needles, hits);
    search('chat history index', JSON.stringify(session.history), needles, hits);
    assert.ok(session.history.length >= 2, `the session's chats were stored (${session.history.length})`);
    for (const entry of session.history) search(`stored chat ${entry.id} (exported)`, session.exportMarkdown(entry.id) ?? '', needles, hits);
    assert.ok(snapshots > 50, `the views were sampled (${snapshots} times)`);
    assert.ok(results.length >= 40, `results recorded: ${results.length}`);
    const echoed = results.filter((r) => JSON.stringify(r ?? null).includes('[redacted]'));
    assert.ok(echoed.length >= 3, 'the echoed key was redacted from the error details');

    // Every setting the extension contributes, at every level.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const props = Object.keys(ext.packageJSON.contributes.configuration.properties as Record<string, unknown>);
    const config = vscode.workspace.getConfiguration();
    for (const p of props) search(`setting ${p}`, JSON.stringify(config.inspect(p) ?? null), needles, hits);
    search('settings section claude', JSON.stringify(config.inspect('claude') ?? null), needles, hits);

    // On disk: the user-data-dir (settings.json, storage, backups, logs of this session), the workspace.
    const dirs = userDataDirs();
    assert.ok(dirs.length > 0, `the user-data-dir was found (argv ${process.argv.join(' ')})`);
    const logDirs = sessionLogDirs();
    assert.ok(logDirs.length > 0, 'the session\'s log folder was found from the log files the extension host has open');
    const claudeLogs = logDirs.flatMap((d) => walk(d)).filter((f) => /Claude[^/\\]*\.log$/.test(f) && f.includes(EXTENSION_ID));
    assert.ok(claudeLogs.length > 0, `the "Claude" output channel's log file was found under ${logDirs.join(', ')}`);
    await waitFor(
      'the last request id in the Claude log',
      () => !!lastOkRequestId && claudeLogs.some((f) => fs.readFileSync(f, 'utf8').includes(lastOkRequestId!)),
      20_000,
    );
    const claudeLog = claudeLogs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(claudeLog, /→ 401/, 'the log recorded the failures it must not leak the key in');
    assert.match(claudeLog, /reply failed/);

    const files = new Set<string>();
    for (const d of dirs) for (const f of walk(d)) files.add(f);
    for (const f of logDirs.flatMap((d) => walk(d))) files.add(f);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme === 'file') for (const f of walk(folder.uri.fsPath)) files.add(f);
    }
    // What the runner records of this run: code-server's output (the extension host's stdout and
    // stderr) and the workbench console.
    const resultsDir = path.resolve(__dirname, '..', '..', '..', 'test-results');
    for (const f of ['code-server-integration.log', 'integration-browser.log']) {
      if (fs.existsSync(path.join(resultsDir, f))) files.add(path.join(resultsDir, f));
    }
    const tmp = os.tmpdir();
    if (path.resolve(tmp) !== path.resolve('/tmp') && path.resolve(tmp) !== os.homedir()) for (const f of walk(tmp)) files.add(f);
    const settingsFiles = [...files].filter((f) => /[/\\]User[/\\]settings\.json$/.test(f));
    assert.ok(settingsFiles.length > 0, 'the user settings.json was found');
    assert.ok(settingsFiles.some((f) => fs.readFileSync(f, 'utf8').includes('claude.baseUrl')), 'it holds the claude.* settings the suite wrote');
    const storage = [...files].filter((f) => /(state\.vscdb|storage\.json)$/.test(f));
    const searched = searchFiles([...files], needles, hits);
    assert.ok(searched > 10, `files searched: ${searched}`);
    const scope =
      `searched ${searched} files under ${[...dirs, ...logDirs].join(', ')}; storage files: ` +
      (storage.length ? storage.join(', ') : 'none on disk (code-server keeps mementos in the browser)');

    assert.deepStrictEqual(hits, [], `the key was found where it must never be (${scope})`);
  });
});
