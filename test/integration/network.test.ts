// VS Code's network settings in the real extension host: the proxy of "http.proxy" carries the
// requests, and a server whose certificate comes from a CA nobody trusts is refused with words that
// say so and what fixes it (issue #14).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { makeTestPki, type TestPki } from '../fake-network/certs';
import { startTestProxy, startTlsFront, type TestProxy, type TlsFront } from '../fake-network/servers';
import { closeAllEditors, configure, openDocument, useFakeAnthropic } from './helpers';

async function explain(): Promise<RunResult> {
  return vscode.commands.executeCommand<RunResult>('claude.explainSelection');
}

async function setHttp(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Network: http.proxy and TLS certificates', () => {
  const fake = useFakeAnthropic();
  let pki: TestPki;
  let proxy: TestProxy;
  let front: TlsFront;

  before(async function () {
    this.timeout(30_000);
    pki = makeTestPki();
    proxy = await startTestProxy();
    front = await startTlsFront(fake.server.port, pki.server);
  });
  after(async () => {
    await Promise.all([proxy?.close(), front?.close()]);
    pki?.remove();
  });
  beforeEach(() => openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]));
  afterEach(closeAllEditors);

  it('sends Explain Selection through the proxy of "http.proxy", and the reply arrives', async () => {
    fake.server.enqueue({ text: 'Explained through the proxy.' });
    await setHttp('proxy', proxy.url);
    try {
      const r = await explain();
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(fake.api.replyPanelState().reply?.text, 'Explained through the proxy.');
      // The fake API is plain http: the proxy gets an absolute-URI request (an https one would be a CONNECT).
      assert.deepStrictEqual([...proxy.forwarded, ...proxy.tunnels], [`${fake.server.url}/v1/messages`]);
      assert.strictEqual(fake.server.requests.length, 1);
    } finally {
      await setHttp('proxy', undefined);
    }
  });

  it('refuses a server whose certificate comes from an untrusted CA, saying what is wrong and what fixes it', async () => {
    await configure({ baseUrl: front.url });
    try {
      const r = await explain();
      assert.ok(!r.ok, JSON.stringify(r));
      if (r.ok) return;
      assert.strictEqual(r.error.kind, 'platform');
      assert.match(r.error.title, new RegExp(`certificate of 127\\.0\\.0\\.1:${front.port} is not trusted`));
      assert.match(r.error.detail, /NODE_EXTRA_CA_CERTS/);
      assert.match(r.error.detail, /system's certificate store/);
      assert.doesNotMatch(`${r.error.title} ${r.error.detail}`, /proxyStrictSSL|NODE_TLS_REJECT_UNAUTHORIZED|disable|turn off/i);
      const state = fake.api.replyPanelState();
      assert.strictEqual(state.streaming, false, 'no spinner left running');
      assert.strictEqual(state.reply?.error?.title, r.error.title, 'the user sees it in the panel');
      assert.strictEqual(fake.server.requests.length, 0, 'nothing reached the server');
    } finally {
      await configure({ baseUrl: fake.server.url });
    }
  });
});
