// Issue #5: hostile model output in the real webview. Every payload of test/fixtures/xss-payloads.txt
// (one per line) is streamed, at random chunk boundaries (seeded PRNG, several seeds), through the
// chat and the Explain panel. A payload that ran would set document.body.dataset.pwned, call
// window.top.postMessage('pwned-…') and fetch a loopback sentinel server started here; a payload
// that loaded anything would hit the sentinel. Then nothing may have run or loaded, replies hold no
// active elements and only http(s)/mailto/# links, and each payload is still shown as text.
// Also checks the webviews' Content-Security-Policy and that each load gets a fresh nonce.
//
// Payload placeholders: {JS} (script that reports itself, no spaces, balanced parentheses, single
// quotes only), {URL} (a sentinel URL); a literal \n is a line break (reference links, tables).
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { Frame, Page } from 'playwright-core';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { repoRoot, sleep } from '../runner/env';
import { mulberry32 as prng } from '../runner/prng';
import {
  openFile,
  runCommand,
  selectLines,
  setApiKey,
  startWorkbench,
  waitForText,
  webviewFrame,
  type Workbench,
} from './harness';


// The callbacks given to frame.evaluate run in the webview, but the tests compile without the DOM
// lib (tsconfig.json): these module-local declarations stand in for the browser globals they use.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const location: { href: string };
declare const getComputedStyle: (el: any) => { color: string; backgroundColor: string };
declare const MutationObserver: any;
declare const Node: { DOCUMENT_POSITION_FOLLOWING: number };
type HTMLElement = any;
type HTMLScriptElement = any;
type Element = any;

const PANEL = 'Explain: sample.ts';
const SEEDS = [0x5eed, 20260521, 7];
const PANEL_SEEDS = [0xc0ffee, 1, 99991];

// ---------------------------------------------------------------- helpers

/** Splits `text` at random places: pieces of 1..maxLen characters, often tiny. */
function randomChunks(text: string, rand: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const r = rand();
    const len = r < 0.3 ? 1 + Math.floor(rand() * 3) : r < 0.8 ? 4 + Math.floor(rand() * 20) : 24 + Math.floor(rand() * 80);
    out.push(text.slice(i, i + len));
    i += len;
  }
  return out;
}

/** An SSE transcript of a Messages stream whose text deltas are exactly `chunks`. */
/** `id`: the message's id, one per reply (the chat continues its message thread from it, as the API's ids are unique). */
function sseTranscript(chunks: string[], id: string): string {
  const ev = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const out = [
    ev('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'claude-sonnet-5-5',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', { type: 'ping' }),
  ];
  for (const c of chunks) out.push(ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: c } }));
  out.push(
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 500 } }),
    ev('message_stop', { type: 'message_stop' }),
  );
  return out.join('');
}

interface Sentinel {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server that records every request: nothing in a webview may ever reach it. */
async function startSentinel(): Promise<Sentinel> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} (referer ${req.headers.referer ?? '-'})`);
    res.writeHead(204, { 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function loadPayloads(sentinel: string): string[] {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'xss-payloads.txt');
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) =>
    line
      .replace(/\{JS\}/g, `document.body.dataset.pwned='${i}';top.postMessage('pwned-${i}','*');fetch('${sentinel}/js/${i}')`)
      .replace(/\{URL\}/g, `${sentinel}/url/${i}`)
      .replace(/\\n/g, '\n'),
  );
}

const begin = (i: number): string => `@@B${String(i).padStart(3, '0')}@@`;
const end = (i: number): string => `@@E${String(i).padStart(3, '0')}@@`;

/** The reply: every payload as its own block between two marker paragraphs, in a seeded order. */
function replyText(payloads: string[], seed: number, rand: () => number): { text: string; order: number[] } {
  const order = payloads.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const parts = [`Payloads, seed ${seed}:`];
  for (const i of order) parts.push(begin(i), payloads[i]!, end(i));
  parts.push(`End of payloads ${seed}.`);
  return { text: parts.join('\n\n'), order };
}

/**
 * `<tag` openings in the payload source: each must show up as text. Not counted: `<scheme:` autolinks
 * (not tags) and whatever is inside a Markdown link's `(destination "title")`, which is not text.
 */
function tagsIn(payload: string): string[] {
  const text = payload.replace(/\]\((?:[^()]|\([^()]*\))*\)/g, ']');
  return [...text.matchAll(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?=[\s>/])/g)].map((m) => m[0]);
}

interface Inspection {
  pwned: string | null;
  forbidden: string[];
  badAttrs: string[];
  hrefs: string[];
  documentCounts: Record<string, number>;
  replyText: string;
}

const FORBIDDEN = 'img, script, iframe, object, embed, svg, math, style, form, meta, base, link, input, button:not(.icon-button):not(.button), video, audio, source, frame, frameset, applet, template, noscript, textarea, select';

/** Everything the assertions need, read from the webview document in one go. */
async function inspect(frame: Frame, replySelector: string): Promise<Inspection> {
  return frame.evaluate(
    ({ replySelector, forbidden }) => {
      const replies = Array.from(document.querySelectorAll(replySelector) as ArrayLike<Element>);
      const inReplies = (sel: string): Element[] => replies.flatMap((r) => Array.from(r.querySelectorAll(sel) as ArrayLike<Element>));
      const badAttrs: string[] = [];
      for (const el of inReplies('*')) {
        for (const a of Array.from(el.attributes as ArrayLike<{ name: string; value: string }>)) {
          const n = a.name.toLowerCase();
          if (
            n.startsWith('on') ||
            ['style', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'background', 'poster', 'ping', 'xlink:href', 'data', 'code', 'autofocus'].includes(n) ||
            (n.startsWith('data-') && n !== 'data-reply-id') ||
            (n === 'href' && el.tagName !== 'A')
          ) {
            badAttrs.push(`<${el.tagName.toLowerCase()} ${n}="${a.value.slice(0, 60)}">`);
          }
        }
      }
      const documentCounts: Record<string, number> = {};
      for (const tag of ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'style', 'form', 'img', 'svg']) {
        documentCounts[tag] = Array.from(document.querySelectorAll(tag) as ArrayLike<Element>).filter((e) => !e.closest('.message')).length;
      }
      return {
        pwned: document.body.getAttribute('data-pwned') ?? document.documentElement.getAttribute('data-pwned'),
        forbidden: inReplies(forbidden).map((e) => e.outerHTML.slice(0, 120)),
        badAttrs,
        hrefs: inReplies('a[href]').map((a) => a.getAttribute('href') ?? ''),
        documentCounts,
        replyText: replies.map((r) => (r as HTMLElement).innerText).join('\n'),
      };
    },
    { replySelector, forbidden: FORBIDDEN },
  );
}

/** Asserts that nothing ran or loaded and that every payload still shows as text. */
function checkReply(where: string, got: Inspection, baseline: Record<string, number>, payloads: string[], sentinel: Sentinel, topMessages: string[]): void {
  assert.strictEqual(got.pwned, null, `${where}: a payload ran (data-pwned=${got.pwned})`);
  assert.deepStrictEqual(topMessages, [], `${where}: a payload posted to window.top`);
  assert.deepStrictEqual(sentinel.hits, [], `${where}: the webview reached the sentinel server`);
  assert.deepStrictEqual(got.forbidden, [], `${where}: active elements inside replies`);
  assert.deepStrictEqual(got.badAttrs, [], `${where}: dangerous attributes inside replies`);
  const badHrefs = got.hrefs.filter((h) => !/^(https?:|mailto:|#)/i.test(h));
  assert.deepStrictEqual(badHrefs, [], `${where}: links that are not http(s)/mailto/#`);
  assert.deepStrictEqual(got.documentCounts, baseline, `${where}: the document gained elements outside the replies`);
  const text = got.replyText.replace(/\s+/g, ' ');
  const missing: string[] = [];
  payloads.forEach((p, i) => {
    const a = text.indexOf(begin(i));
    const b = text.indexOf(end(i));
    if (a < 0 || b < a) {
      missing.push(`#${i}: markers not found`);
      return;
    }
    const shown = text.slice(a + begin(i).length, b).trim();
    if (!shown) missing.push(`#${i}: nothing shown for ${JSON.stringify(p.slice(0, 60))}`);
    for (const tag of tagsIn(p)) {
      if (!shown.includes(tag)) missing.push(`#${i}: "${tag}" not shown as text in ${JSON.stringify(shown.slice(0, 80))}`);
    }
  });
  assert.deepStrictEqual(missing, [], `${where}: payload text dropped`);
}

/** The CSP of a webview document: its directives by name. */
async function cspOf(frame: Frame): Promise<{ directives: Map<string, string[]>; scriptNonce: string }> {
  const { metas, scriptNonce } = await frame.evaluate(() => ({
    metas: Array.from(document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]') as ArrayLike<Element>).map((m) => m.getAttribute('content') ?? ''),
    scriptNonce: (document.querySelector('script[src]') as HTMLScriptElement | null)?.nonce ?? '',
  }));
  const ours = metas.filter((m) => m.includes("'nonce-"));
  assert.strictEqual(ours.length, 1, `one CSP meta tag with a nonce: ${JSON.stringify(metas)}`);
  const directives = new Map<string, string[]>();
  for (const part of ours[0]!.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return { directives, scriptNonce };
}

function checkCsp(where: string, csp: { directives: Map<string, string[]>; scriptNonce: string }): string {
  const d = csp.directives;
  assert.deepStrictEqual(d.get('default-src'), ["'none'"], `${where}: default-src 'none'`);
  assert.ok(!d.has('connect-src'), `${where}: no connect-src (${JSON.stringify([...d.keys()])})`);
  assert.deepStrictEqual(d.get('worker-src'), ['blob:'], `${where}: workers only from blob: URLs (the highlight worker our own script makes)`);
  const script = d.get('script-src') ?? [];
  const nonces = script.filter((v) => /^'nonce-.+'$/.test(v));
  assert.strictEqual(nonces.length, 1, `${where}: script-src has one nonce: ${script.join(' ')}`);
  assert.deepStrictEqual(script, nonces, `${where}: script-src allows nothing but the nonce: ${script.join(' ')}`);
  const nonce = nonces[0]!.slice("'nonce-".length, -1);
  assert.match(nonce, /^[A-Za-z0-9+/]+={0,2}$/, `${where}: the nonce is base64`);
  assert.ok(Buffer.from(nonce, 'base64').length >= 16, `${where}: the nonce has at least 16 bytes (${nonce})`);
  assert.strictEqual(csp.scriptNonce, nonce, `${where}: the bundle's script tag carries that nonce`);
  for (const [name, values] of d) {
    for (const v of values) {
      assert.ok(!/^'unsafe-(inline|eval)'$|^\*$|^https?:$|^data:$/.test(v) || (name === 'img-src' && v === 'data:'), `${where}: ${name} allows ${v}`);
    }
  }
  return nonce;
}

// ---------------------------------------------------------------- tests

describe('e2e xss: hostile model output in the webviews (issue #5)', function () {
  let wb: Workbench;
  let fake: FakeAnthropic;
  let sentinel: Sentinel;
  let payloads: string[];
  let tmp: string;
  let transcriptCount = 0;

  /** Enqueues the payload reply for `seed` as a transcript split at random chunk boundaries. */
  function enqueuePayloads(seed: number): void {
    const rand = prng(seed);
    const { text } = replyText(payloads, seed, rand);
    const chunks = randomChunks(text, rand);
    assert.strictEqual(chunks.join(''), text);
    const file = path.join(tmp, `xss-${seed}-${++transcriptCount}.sse`);
    fs.writeFileSync(file, sseTranscript(chunks, `msg_01XssTranscript${seed}x${transcriptCount}`));
    console.log(`    seed ${seed}: ${text.length} chars in ${chunks.length} deltas (sizes ${Math.min(...chunks.map((c) => c.length))}–${Math.max(...chunks.map((c) => c.length))})`);
    fake.enqueue({ transcript: file, delayMs: 2 });
  }

  /** window.top messages that say "pwned", collected in the workbench page. */
  async function topMessages(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __xssTopMessages?: string[] }).__xssTopMessages ?? ['(listener missing)']);
  }

  /**
   * Waits until the fake server has sent reply number `n` (since the last reset) and the webview shows
   * no streaming reply. Fails at once if the webview no longer holds the extension's document (a
   * payload navigated it away or replaced it), rather than waiting for text that will never come.
   */
  async function replyFinished(frame: Frame, n: number): Promise<void> {
    const requests = await fake.waitForRequests(n, 60_000);
    await requests[n - 1]!.finished;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = frame.isDetached()
        ? { error: 'the frame was detached' }
        : await frame
            .evaluate(() => ({
              app: !!document.getElementById('app'),
              url: String(location.href).slice(0, 100),
              busy: document.querySelectorAll('.message.assistant[aria-busy="true"]').length as number,
              text: String(document.body?.innerText ?? '').slice(0, 200),
            }))
            .catch((e: Error) => ({ error: e.message }));
      if ('error' in state || !state.app) {
        throw new Error(
          `the webview no longer shows the extension's document: a payload navigated or replaced it (${JSON.stringify(state)}); sentinel hits: ${JSON.stringify(sentinel.hits)}`,
        );
      }
      if (state.busy === 0) return;
      if (Date.now() > deadline) throw new Error('the reply did not finish streaming in the webview within 30 s');
      await sleep(150);
    }
  }

  function checkApiTraffic(expected: number): void {
    const other = fake.requests.filter((r) => !(r.method === 'POST' && r.path.split('?')[0] === '/v1/messages'));
    assert.deepStrictEqual(other.map((r) => `${r.method} ${r.path}`), [], 'requests to the fake API other than POST /v1/messages');
    assert.strictEqual(fake.requests.length, expected, 'one POST /v1/messages per reply');
  }

  before(async function () {
    this.timeout(15 * 60_000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-xss-'));
    sentinel = await startSentinel();
    payloads = loadPayloads(sentinel.url);
    assert.ok(payloads.length >= 100, `at least 100 payloads (${payloads.length})`);
    fake = await startFakeAnthropic();
    wb = await startWorkbench({ label: 'e2e-xss', env: { ANTHROPIC_BASE_URL: fake.url } });
    console.log(`    (extension installed via ${wb.installMode}; fake API at ${fake.url}; sentinel at ${sentinel.url}; ${payloads.length} payloads)`);
    await setApiKey(wb.page, DEFAULT_TEST_KEY);
    await runCommand(wb.page, 'Notifications: Clear All Notifications');
    await wb.page.evaluate(() => {
      const w = window as unknown as { __xssTopMessages: string[] };
      w.__xssTopMessages = [];
      window.addEventListener('message', (e: { data: unknown }) => {
        let s = '';
        try {
          s = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
        } catch {
          s = String(e.data);
        }
        if (/pwned/.test(s)) w.__xssTopMessages.push(s.slice(0, 200));
      });
    });
  });

  after(async () => {
    await wb?.stop();
    await fake?.close();
    await sentinel?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fake.reset();
    // Keyboard focus back to the workbench (out of any webview), for the palette and quick open.
    const box = await wb.page.locator('.part.editor .editor-group-container').first().boundingBox();
    if (box) await wb.page.mouse.click(box.x + 60, box.y + box.height - 20);
  });

  it(`streams every payload through the chat at random chunk boundaries (seeds ${SEEDS.join(', ')}): nothing runs, loads or disappears`, async function () {
    this.timeout(300_000);
    const { page } = wb;
    await runCommand(page, 'Claude: Focus on Chat View');
    const frame = await webviewFrame(page, 'claude.chat');
    await runCommand(page, 'Claude: New Chat');
    const baseline = (await inspect(frame, '.message.assistant')).documentCounts;
    for (const [n, seed] of SEEDS.entries()) {
      enqueuePayloads(seed);
      const input = frame.locator('textarea.input');
      await input.click();
      await input.fill(`Show hostile text, round ${n + 1}.`);
      await input.press('Enter');
      await replyFinished(frame, n + 1);
      await sleep(1000); // let anything that would load or run do so
      const got = await inspect(frame, `.message.assistant:nth-last-child(1)`);
      checkReply(`chat, seed ${seed}`, got, baseline, payloads, sentinel, await topMessages(page));
    }
    await wb.screenshot('xss-chat');
    // All replies together, as the chat shows them now.
    const all = await inspect(frame, '.message.assistant');
    assert.strictEqual(all.pwned, null);
    assert.deepStrictEqual(all.forbidden, []);
    checkApiTraffic(SEEDS.length);
  });

  it(`streams every payload through the Explain panel at random chunk boundaries (seeds ${PANEL_SEEDS.join(', ')})`, async function () {
    this.timeout(300_000);
    const { page } = wb;
    await openFile(page, 'sample.ts');
    let baseline: Record<string, number> | undefined;
    let replies = 0;
    for (const seed of PANEL_SEEDS) {
      await selectLines(page, 9, 11);
      enqueuePayloads(seed);
      await runCommand(page, 'Claude: Explain Selection');
      const frame = await webviewFrame(page, PANEL);
      await replyFinished(frame, ++replies);
      await sleep(1000);
      const got = await inspect(frame, '.message.assistant');
      baseline ??= got.documentCounts;
      checkReply(`Explain panel, seed ${seed}`, got, baseline, payloads, sentinel, await topMessages(page));
      await openFile(page, 'sample.ts');
    }
    await wb.screenshot('xss-panel');
    checkApiTraffic(PANEL_SEEDS.length);
  });

  it("has a strict CSP: default-src 'none', scripts only by a fresh ≥16-byte nonce, no connect-src", async function () {
    this.timeout(180_000);
    const { page } = wb;
    await runCommand(page, 'Claude: Focus on Chat View');
    const chatNonce = checkCsp('chat', await cspOf(await webviewFrame(page, 'claude.chat')));

    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({ text: 'First panel.' });
    await runCommand(page, 'Claude: Explain Selection');
    let panel = await webviewFrame(page, PANEL);
    await waitForText(panel, 'First panel.');
    const firstNonce = checkCsp('panel (first load)', await cspOf(panel));

    // Close the panel; the next Explain loads a new webview document.
    const tab = page.locator('.part.editor .tabs-container .tab', { hasText: PANEL }).first();
    await tab.click();
    await runCommand(page, 'View: Close Editor');
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({ text: 'Second panel.' });
    await runCommand(page, 'Claude: Explain Selection');
    panel = await webviewFrame(page, PANEL);
    await waitForText(panel, 'Second panel.');
    const secondNonce = checkCsp('panel (second load)', await cspOf(panel));

    assert.strictEqual(new Set([chatNonce, firstNonce, secondNonce]).size, 3, `every load has its own nonce: ${chatNonce} ${firstNonce} ${secondNonce}`);
    assert.deepStrictEqual(sentinel.hits, []);
    checkApiTraffic(2);
  });
});
