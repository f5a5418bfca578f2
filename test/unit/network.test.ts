// The network layer (src/claude/network.ts) under the real client (createClient / streamMessage):
// the fake Anthropic API behind a TLS front whose certificate comes from a private CA made at test
// time, and an http proxy that records what it carried. Proxies and certificates as issue #14 asks.
import * as assert from 'assert';
import { classifyError } from '../../src/claude/classifyError';
import { buildParams, StreamFailure, streamMessage, type ClientConfig } from '../../src/claude/client';
import { bypassesProxy } from '../../src/claude/network';
import type { Connection, NetworkOptions } from '../../src/core/connection';
import { describeFailure, type Failure } from '../../src/core/failures';
import type { PlatformProblem } from '../../src/core/platformFailures';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { makeTestPki, type TestPki } from '../fake-network/certs';
import { closedPort, startTestProxy, startTlsFront, type TestProxy, type TlsFront } from '../fake-network/servers';

const KEY = 'test-key-network';
const MODEL = 'claude-sonnet-5-5';

interface Run {
  text: string;
  deltas: string[];
  retries: number;
  log: string[];
}

describe('network: proxies and certificates', function () {
  this.timeout(20_000);
  let pki: TestPki;
  let fake: FakeAnthropic;
  let front: TlsFront;
  let proxy: TestProxy;

  before(async () => {
    pki = makeTestPki();
    fake = await startFakeAnthropic();
    front = await startTlsFront(fake.port, pki.server);
    proxy = await startTestProxy();
  });
  beforeEach(() => {
    fake.reset();
    fake.validKeys.add(KEY);
    proxy.tunnels.length = 0;
    proxy.forwarded.length = 0;
    proxy.authorizations.length = 0;
    proxy.requireAuthorization = undefined;
  });
  after(async () => {
    await Promise.all([front?.close(), proxy?.close(), fake?.close()]);
    pki?.remove();
  });

  const connection = (baseUrl: string): Connection => ({ provider: 'anthropic', apiKey: KEY, baseUrl });

  function config(network: Partial<NetworkOptions>, baseUrl = front.url, maxRetries = 0): ClientConfig {
    return {
      connection: connection(baseUrl),
      // No system store: the tests decide what is trusted (Node 20 cannot read it anyway).
      network: { proxy: '', noProxy: [], strictSSL: true, ca: [], systemCertificates: false, ...network },
      maxRetries,
      idleTimeoutMs: 10_000,
    };
  }

  async function ask(cfg: ClientConfig, signal = new AbortController().signal, onText?: (d: string) => void): Promise<Run> {
    const run: Run = { text: '', deltas: [], retries: 0, log: [] };
    const log = { info: (m: string) => run.log.push(m), warn: (m: string) => run.log.push(m) };
    const params = buildParams({ model: MODEL, maxTokens: 200, system: 'You are terse.', messages: [{ role: 'user', content: 'Say hello.' }] });
    const handlers = {
      onText: (d: string) => {
        run.deltas.push(d);
        onText?.(d);
      },
      onRetry: () => run.retries++,
    };
    const { message } = await streamMessage(cfg, params, handlers, signal, log);
    run.text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    return run;
  }

  /** The failure of a request that must fail, as the extension classifies it. */
  async function failure(cfg: ClientConfig, onLog?: string[]): Promise<Failure> {
    const log = { info: (m: string) => onLog?.push(m), warn: (m: string) => onLog?.push(m) };
    const params = buildParams({ model: MODEL, maxTokens: 200, system: 'You are terse.', messages: [{ role: 'user', content: 'Say hello.' }] });
    try {
      await streamMessage(cfg, params, { onText: () => undefined }, new AbortController().signal, log);
    } catch (err) {
      assert.ok(err instanceof StreamFailure, String(err));
      return classifyError(err.cause, { connection: cfg.connection, model: MODEL });
    }
    throw new Error('the request succeeded');
  }

  function problem(f: Failure): PlatformProblem {
    assert.strictEqual(f.kind, 'platform', JSON.stringify(f));
    return (f as { problem: PlatformProblem }).problem;
  }

  it('refuses a server whose CA is not trusted, says so in plain words, and does not retry it', async () => {
    fake.enqueue({ text: 'Hello.' });
    const before = front.connections;
    const f = await failure({ ...config({}), maxRetries: 2 });
    const p = problem(f);
    assert.strictEqual(p.code, 'tlsUntrusted');
    assert.strictEqual(p.code === 'tlsUntrusted' && p.host, `127.0.0.1:${front.port}`);
    assert.match(p.code === 'tlsUntrusted' ? p.reason : '', /self[- ]signed certificate in certificate chain|unable to (verify|get local issuer)/i);
    const words = describeFailure(f);
    assert.match(words.title, new RegExp(`certificate of 127\\.0\\.0\\.1:${front.port} is not trusted`));
    assert.match(words.detail, /NODE_EXTRA_CA_CERTS/);
    assert.match(words.detail, /system's certificate store/);
    assert.doesNotMatch(`${words.title} ${words.detail}`, /proxyStrictSSL|NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized|disable|turn off/i);
    assert.strictEqual(front.connections - before, 1, 'one attempt: a certificate does not fix itself');
    assert.strictEqual(fake.requests.length, 0, 'nothing reached the server');
  });

  it('no retry countdown is announced for an untrusted certificate', async () => {
    const cfg = { ...config({}), maxRetries: 2 };
    const params = buildParams({ model: MODEL, maxTokens: 200, system: 'x', messages: [{ role: 'user', content: 'y' }] });
    let retries = 0;
    const lines: string[] = [];
    await assert.rejects(
      streamMessage(cfg, params, { onText: () => undefined, onRetry: () => retries++ }, new AbortController().signal, { info: (m) => lines.push(m), warn: (m) => lines.push(m) }),
    );
    assert.strictEqual(retries, 0, lines.join('\n'));
    assert.ok(lines.some((l) => /not trusted.*not retried/.test(l)), lines.join('\n'));
  });

  it('works with the CA given in the options', async () => {
    fake.enqueue({ text: 'Hello over TLS.' });
    const run = await ask(config({ ca: [pki.ca.cert] }));
    assert.strictEqual(run.text, 'Hello over TLS.');
    assert.strictEqual(fake.requests.length, 1);
  });

  it('works with the CA only in the file NODE_EXTRA_CA_CERTS names, read when the request is made', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = pki.caFile;
    try {
      fake.enqueue({ text: 'Trusted through NODE_EXTRA_CA_CERTS.' });
      const run = await ask(config({}));
      assert.strictEqual(run.text, 'Trusted through NODE_EXTRA_CA_CERTS.');
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
    // And without it again, the certificate is not trusted.
    assert.strictEqual(problem(await failure(config({}))).code, 'tlsUntrusted');
  });

  it('goes through the proxy: a CONNECT tunnel to the server, TLS inside it', async () => {
    fake.enqueue({ text: 'Through the proxy.' });
    const run = await ask(config({ proxy: proxy.url, ca: [pki.ca.cert] }));
    assert.strictEqual(run.text, 'Through the proxy.');
    assert.deepStrictEqual(proxy.tunnels, [`127.0.0.1:${front.port}`]);
    assert.strictEqual(fake.requests.length, 1);
    assert.ok(run.log.some((l) => l.includes(`through the proxy ${proxy.url}`)), run.log.join('\n'));
  });

  it('through the proxy without the CA: still refused as untrusted (the proxy does not change whom we trust)', async () => {
    const p = problem(await failure(config({ proxy: proxy.url })));
    assert.strictEqual(p.code, 'tlsUntrusted');
    assert.deepStrictEqual(proxy.tunnels, [`127.0.0.1:${front.port}`]);
  });

  it('sends plain-http requests to the proxy as absolute-URI requests', async () => {
    fake.enqueue({ text: 'Forwarded.' });
    const run = await ask(config({ proxy: proxy.url }, fake.url));
    assert.strictEqual(run.text, 'Forwarded.');
    assert.deepStrictEqual(proxy.forwarded, [`${fake.url}/v1/messages`]);
    assert.deepStrictEqual(proxy.tunnels, []);
  });

  it('bypasses the proxy for a host of noProxy', async () => {
    fake.enqueue({ text: 'Direct.' });
    const run = await ask(config({ proxy: proxy.url, noProxy: ['localhost', '127.0.0.1'], ca: [pki.ca.cert] }));
    assert.strictEqual(run.text, 'Direct.');
    assert.deepStrictEqual(proxy.tunnels, []);
    assert.deepStrictEqual(proxy.forwarded, []);
  });

  it('a proxy that is down is the proxy\'s problem, in words that name the settings', async () => {
    const port = await closedPort();
    const f = await failure(config({ proxy: `http://127.0.0.1:${port}`, ca: [pki.ca.cert] }));
    const p = problem(f);
    assert.strictEqual(p.code, 'proxy');
    assert.strictEqual(p.code === 'proxy' && p.proxy, `http://127.0.0.1:${port}`);
    assert.match(p.code === 'proxy' ? p.message : '', /refused the connection \(ECONNREFUSED\)/);
    assert.match(describeFailure(f).detail, /"http\.proxy"/);
  });

  it('a proxy that asks for credentials: a proxy problem at once (407, not retried); with http.proxyAuthorization it works', async () => {
    proxy.requireAuthorization = 'Basic dGVzdDpwcm94eQ==';
    // Options of its own (noProxy): a tunnel kept alive by an earlier test would not ask again.
    const p = problem(await failure({ ...config({ proxy: proxy.url, ca: [pki.ca.cert], noProxy: ['auth.test'] }), maxRetries: 2 }));
    assert.strictEqual(p.code, 'proxy');
    assert.match(p.code === 'proxy' ? p.message : '', /asks for credentials \(407/);
    assert.strictEqual(proxy.tunnels.length, 1, 'not retried');

    fake.enqueue({ text: 'Authorized.' });
    const run = await ask(config({ proxy: proxy.url, ca: [pki.ca.cert], proxyAuthorization: 'Basic dGVzdDpwcm94eQ==' }));
    assert.strictEqual(run.text, 'Authorized.');
    assert.strictEqual(proxy.authorizations.at(-1), 'Basic dGVzdDpwcm94eQ==');
  });

  it('user:password in the proxy URL answers the proxy, and never shows in the words', async () => {
    proxy.requireAuthorization = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
    fake.enqueue({ text: 'With the URL\'s credentials.' });
    const withCredentials = `http://ann:s3cret@127.0.0.1:${proxy.port}`;
    const run = await ask(config({ proxy: withCredentials, ca: [pki.ca.cert] }));
    assert.strictEqual(run.text, 'With the URL\'s credentials.');
    assert.ok(!run.log.join('\n').includes('s3cret'), 'no password in the log');
    proxy.requireAuthorization = 'something else';
    const f = await failure(config({ proxy: withCredentials, ca: [pki.ca.cert], noProxy: ['refused.test'] }));
    const words = describeFailure(f);
    assert.ok(!`${words.title} ${words.detail}`.includes('s3cret'), `${words.title} ${words.detail}`);
  });

  it('http.proxyStrictSSL false accepts the certificate without the CA, and logs that it does', async () => {
    fake.enqueue({ text: 'Unverified, by choice.' });
    const run = await ask(config({ strictSSL: false }));
    assert.strictEqual(run.text, 'Unverified, by choice.');
    assert.ok(run.log.some((l) => /proxyStrictSSL is false/.test(l)), run.log.join('\n'));
  });

  it('a certificate for another host is a hostname mismatch', async () => {
    const other = await startTlsFront(fake.port, pki.otherHost);
    try {
      const f = await failure(config({ ca: [pki.ca.cert] }, other.url));
      const p = problem(f);
      assert.strictEqual(p.code, 'tlsHostname');
      assert.match(describeFailure(f).title, /for another host/);
    } finally {
      await other.close();
    }
  });

  it('an expired certificate says it expired', async () => {
    const old = await startTlsFront(fake.port, pki.expired);
    try {
      const p = problem(await failure(config({ ca: [pki.ca.cert] }, old.url)));
      assert.strictEqual(p.code, 'tlsExpired');
    } finally {
      await old.close();
    }
  });

  it('streams through proxy and TLS as the server sends, and Stop ends the stream at once', async () => {
    fake.enqueue({ text: 'x'.repeat(400), chunkSize: 4, delayMs: 40 });
    const stop = new AbortController();
    const started = Date.now();
    let stoppedAt = 0;
    const cfg = config({ proxy: proxy.url, ca: [pki.ca.cert] });
    const outcome = ask(cfg, stop.signal, (d) => {
      if (!stoppedAt && d.length) {
        stoppedAt = Date.now();
        stop.abort();
      }
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    const err = await outcome;
    const ended = Date.now();
    assert.ok(err instanceof StreamFailure, String(err));
    assert.strictEqual(classifyError(err.cause).kind, 'stopped');
    assert.ok(stoppedAt - started < 2_000, `the first delta came ${stoppedAt - started} ms in, while the reply was still streaming (100 events × 40 ms)`);
    assert.ok(ended - stoppedAt < 1_000, `ended ${ended - stoppedAt} ms after Stop`);
    const [rec] = await fake.waitForRequests(1);
    await rec.finished;
    assert.strictEqual(rec.clientClosedEarly, true, 'the connection to the server was closed');
  });

  it('a stream that stalls ends with the idle timeout through the custom fetch', async () => {
    fake.enqueue({ text: 'Some text, then nothing.', fault: { kind: 'stall', afterChars: 5 } });
    const f = await failure({ ...config({ ca: [pki.ca.cert] }), idleTimeoutMs: 300 });
    assert.strictEqual(f.kind, 'idle');
  });

  it('keeps connections alive: six requests with the same options do not open six TLS connections', async () => {
    const cfg = config({ ca: [pki.ca.cert], noProxy: ['keep-alive.test'] });
    const before = front.connections;
    for (let i = 0; i < 6; i++) {
      fake.enqueue({ text: `Reply ${i}.` });
      assert.strictEqual((await ask(cfg)).text, `Reply ${i}.`);
    }
    // The SDK resolves a stream at message_stop, a moment before the response's last bytes free its
    // connection: the second request opens a second one; from then on the two are reused.
    assert.ok(front.connections - before <= 2, `${front.connections - before} connections`);
  });
});

describe('network: which hosts bypass the proxy', () => {
  const u = (s: string) => new URL(s);
  it('matches hosts, domains, wildcards and ports as http.noProxy / NO_PROXY write them', () => {
    assert.ok(bypassesProxy(u('https://api.example.com/v1'), ['example.com']));
    assert.ok(bypassesProxy(u('https://api.example.com/v1'), ['.example.com']));
    assert.ok(bypassesProxy(u('https://api.example.com/v1'), ['*.example.com']));
    assert.ok(bypassesProxy(u('https://API.Example.com'), [' example.COM ']));
    assert.ok(!bypassesProxy(u('https://notexample.com'), ['example.com']));
    assert.ok(bypassesProxy(u('https://x.test'), ['*']));
    assert.ok(bypassesProxy(u('https://x.test'), ['x.test:443']));
    assert.ok(!bypassesProxy(u('https://x.test'), ['x.test:8443']));
    assert.ok(bypassesProxy(u('http://x.test:8080/a'), ['x.test:8080']));
    assert.ok(bypassesProxy(u('http://[::1]:8080/'), ['::1']));
    assert.ok(bypassesProxy(u('https://gateway.corp/'), ['https://gateway.corp']));
    assert.ok(!bypassesProxy(u('https://gateway.corp/'), []));
  });
});
