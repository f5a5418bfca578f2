// A corporate gateway from VS Code's settings (claude.provider "gateway"): the base URL, the extra
// headers, a token command that prints a short-lived token, run again when the gateway refuses
// it, whose output is never logged; a failing command is said in plain words.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { startFakeGateway, type FakeGateway } from '../fake-platforms/gateway';
import { closeAllEditors, configure, extensionApi, openDocument, TEST_KEY, waitFor, type ExtensionApi } from './helpers';
import { claudeLogText } from './vscodeFiles';

describe('Gateway provider (claude.provider: gateway)', () => {
  let upstream: FakeAnthropic;
  let gateway: FakeGateway;
  let api: ExtensionApi;
  let dir: string;
  /** The token command's files: the token it prints, and a line per run. */
  let tokenFile: string;
  let runsFile: string;
  const runs = (): number => (fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0);
  const seenTokens = new Set<string>();
  const publish = (token: string): void => {
    seenTokens.add(token);
    fs.writeFileSync(tokenFile, token);
  };

  before(async () => {
    api = await extensionApi();
    upstream = await startFakeAnthropic();
    gateway = await startFakeGateway({ upstream: upstream.url, upstreamKey: TEST_KEY, header: ['x-team', 'payments'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-gateway-'));
    tokenFile = path.join(dir, 'token');
    runsFile = path.join(dir, 'runs');
    const script = path.join(dir, 'print-token.js');
    fs.writeFileSync(
      script,
      `const fs = require('fs');\nfs.appendFileSync(${JSON.stringify(runsFile)}, 'run\\n');\nif (process.env.FAIL_TOKEN) process.exit(3);\nprocess.stdout.write(fs.readFileSync(${JSON.stringify(tokenFile)}, 'utf8') + '\\n');\n`,
    );
    publish(gateway.token);
    await configure({
      provider: 'gateway',
      baseUrl: gateway.url,
      'gateway.headers': { 'x-team': 'payments' },
      'gateway.tokenCommand': `"${process.execPath}" "${script}"`,
      'gateway.tokenTtlSeconds': 3600,
      maxRetries: 1,
      model: 'claude-sonnet-5-5',
    });
  });
  beforeEach(() => {
    upstream.reset();
    gateway.seen.length = 0;
  });
  afterEach(closeAllEditors);
  after(async () => {
    await configure({
      provider: undefined,
      baseUrl: undefined,
      'gateway.headers': undefined,
      'gateway.tokenCommand': undefined,
      'gateway.tokenTtlSeconds': undefined,
      maxRetries: undefined,
      model: undefined,
    });
    delete process.env.FAIL_TOKEN;
    await gateway.close();
    await upstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains a selection and answers in the chat through the gateway, with its header and the command\'s token', async () => {
    await openDocument('const total = items.reduce((a, b) => a + b, 0);\n', 'typescript', [0, 0, 0, 48]);
    upstream.enqueue({ text: 'It **sums** the items, through the gateway.', chunkSize: 6 });
    const result = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(result?.ok, JSON.stringify(result));
    assert.strictEqual(api.replyPanelState().reply?.text, 'It **sums** the items, through the gateway.');
    assert.deepStrictEqual(gateway.seen.map((s) => [s.path, s.header, s.token, s.status]), [['/v1/messages', 'payments', gateway.token, 200]]);
    assert.strictEqual(runs(), 1, 'the command ran once for the first token');

    api.chat.newChat();
    upstream.enqueue({ text: 'Chat through the gateway too.' });
    const chat = await api.chat.send('And in the chat?');
    assert.ok(chat?.ok, JSON.stringify(chat));
    assert.strictEqual(api.chatState().messages.at(-1)?.text, 'Chat through the gateway too.');
    assert.strictEqual(runs(), 1, 'the token is reused within its lifetime');
  });

  it('runs the command again when the gateway refuses an expired token, and the reply still arrives', async () => {
    publish(gateway.rotate());
    const before = runs();
    upstream.enqueue({ text: 'Fresh token, same answer.' });
    api.chat.newChat();
    const chat = await api.chat.send('After the token expired?');
    assert.ok(chat?.ok, JSON.stringify(chat));
    assert.strictEqual(api.chatState().messages.at(-1)?.text, 'Fresh token, same answer.');
    assert.strictEqual(runs(), before + 1, 'one more run, after the 401');
    assert.deepStrictEqual(gateway.seen.map((s) => s.status), [401, 200]);
  });

  it('says the token command failed, with the setting to check, and never logs a token', async () => {
    publish(gateway.rotate());
    process.env.FAIL_TOKEN = '1';
    try {
      api.chat.newChat();
      const chat = await api.chat.send('With a broken token command?');
      assert.strictEqual(chat?.ok, false);
      const error = api.chatState().messages.at(-1)?.error;
      assert.ok(error, 'the reply shows an error');
      assert.match(error.title, /token command failed/);
      assert.match(error.detail, /exited with code 3/);
      assert.match(error.detail, /claude\.gateway\.tokenCommand/);
    } finally {
      delete process.env.FAIL_TOKEN;
    }
    // The log says what ran, never what it printed.
    const log = await waitFor('the token command\'s failure in the Claude log', () => {
      const text = claudeLogText();
      return /gateway token command failed/.test(text) && text;
    }, 20_000);
    assert.match(log, /gateway token command gave a new token/);
    for (const token of seenTokens) assert.ok(!log.includes(token), 'a gateway token is in the log');
  });
});
