// Issue #4: the streaming renderer in the real webview (code-server + Chromium, extension from its
// .vsix, fake Anthropic server): finished blocks are rendered once and kept, an open code fence
// shows as code while it streams, code-block buttons work from the keyboard and act on the editor,
// the view stops following when scrolled up, live-region and label accessibility, the collapsed
// thinking block, highlighted code in dark / high-contrast / light themes, code in a language the
// view has not compiled highlighted by the worker as it streams, and code kept whole when the worker fails.
// Screenshots: test-results/screenshots/theme-*.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { sleep } from '../runner/env';
import {
  activeTab,
  chatFrame,
  cursorStatus,
  dismiss,
  openFile,
  quickInput,
  quickInputRows,
  runCommand,
  selectLines,
  sendChat,
  setApiKey,
  startWorkbench,
  waitForText,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';


// The callbacks given to frame.evaluate run in the webview, but the tests compile without the DOM
// lib (tsconfig.json): these module-local declarations stand in for the browser globals they use.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: (el: any) => { color: string; backgroundColor: string };
declare const MutationObserver: any;
declare const Node: { DOCUMENT_POSITION_FOLLOWING: number };
type HTMLElement = any;
type HTMLDetailsElement = any;

const PANEL = 'Explain: sample.ts';

/** A fresh, empty chat, and its frame. */
async function newChat(page: Page): Promise<Frame> {
  const frame = await chatFrame(page);
  await runCommand(page, 'Claude: New Chat');
  await waitUntil('an empty chat', async () => (await frame.locator('.message').count()) === 0);
  return frame;
}

/** Attributes of the newest reply in the frame (undefined when there is none). */
async function lastReply(frame: Frame): Promise<{ id: string; live: string | null; busy: string | null } | undefined> {
  return frame.evaluate(() => {
    const all = document.querySelectorAll('.message.assistant');
    const r = all[all.length - 1];
    return r ? { id: r.getAttribute('data-reply-id') ?? '', live: r.getAttribute('aria-live'), busy: r.getAttribute('aria-busy') } : undefined;
  });
}

async function waitForReplyDone(frame: Frame, timeoutMs = 60_000): Promise<void> {
  await waitUntil('the reply to finish (aria-busy="false")', async () => (await lastReply(frame))?.busy === 'false', timeoutMs);
}

/** Picks a colour theme through "Preferences: Color Theme" (the first candidate it lists); returns its label. */
async function pickColorTheme(page: Page, candidates: string[]): Promise<string> {
  await runCommand(page, 'Preferences: Color Theme');
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  const input = widget.locator('input').first();
  const listed: string[] = [];
  for (const label of candidates) {
    await input.fill('');
    await page.keyboard.type(label, { delay: 10 });
    await sleep(500);
    const rows = await quickInputRows(page);
    listed.push(...rows);
    const i = rows.findIndex((r) => r === label || r.startsWith(`${label},`));
    if (i >= 0) {
      await widget.locator('.monaco-list-row').nth(i).click();
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      return label;
    }
  }
  await dismiss(page);
  throw new Error(`none of ${JSON.stringify(candidates)} in the theme picker: ${JSON.stringify([...new Set(listed)])}`);
}

/** "rgb(1, 2, 3)" / "rgba(1, 2, 3, 0.5)" → [r, g, b, a]. */
function rgba(css: string): [number, number, number, number] {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r = 0, g = 0, b = 0, a = 1] = m[1]!.split(',').map((v) => Number(v.trim()));
  return [r, g, b, a];
}

/** The colour seen when `fg` is drawn over the opaque `bg`. */
function over(fg: [number, number, number, number], bg: [number, number, number, number]): [number, number, number] {
  const a = fg[3];
  return [0, 1, 2].map((i) => fg[i]! * a + bg[i]! * (1 - a)) as [number, number, number];
}

describe('e2e renderer: streaming Markdown in the real webview (issue #4)', function () {
  let wb: Workbench;
  let fake: FakeAnthropic;

  before(async function () {
    this.timeout(15 * 60_000);
    fake = await startFakeAnthropic();
    wb = await startWorkbench({ label: 'e2e-renderer', env: { ANTHROPIC_BASE_URL: fake.url } });
    console.log(`    (extension installed via ${wb.installMode}; fake API at ${fake.url})`);
    await setApiKey(wb.page, DEFAULT_TEST_KEY);
    await runCommand(wb.page, 'Notifications: Clear All Notifications');
  });

  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  beforeEach(() => fake.reset());

  it('renders a finished block once and keeps its node while the reply streams; aria-live polite, aria-busy true then false', async () => {
    const { page } = wb;
    const frame = await newChat(page);
    const paragraphs = ['The first paragraph is complete as soon as the blank line after it arrives.'];
    for (let i = 1; i <= 30; i++) paragraphs.push(`Paragraph ${i}: more text that keeps the reply streaming for a while.`);
    fake.enqueue({ text: paragraphs.join('\n\n'), chunkSize: 8, delayMs: 15 });
    await sendChat(frame, 'Stream a long answer.');

    // While streaming: the first block exists; mark its node and watch it for any change.
    await waitUntil(
      'the first .md-block while the reply streams',
      async () => (await frame.locator('.message.assistant .md-block').count()) > 0,
      30_000,
    );
    const early = await frame.evaluate(() => {
      const reply = document.querySelector('.message.assistant')!;
      const first = reply.querySelector('.md-block') as HTMLElement & { __rendererMark?: string };
      first.__rendererMark = 'first-block';
      const w = window as unknown as { __firstBlockMutations: number };
      w.__firstBlockMutations = 0;
      new MutationObserver((records: unknown[]) => {
        w.__firstBlockMutations += records.length;
      }).observe(first, { subtree: true, childList: true, characterData: true, attributes: true });
      return {
        html: first.innerHTML,
        text: first.textContent ?? '',
        blocks: reply.querySelectorAll('.md-block').length,
        live: reply.getAttribute('aria-live'),
        busy: reply.getAttribute('aria-busy'),
      };
    });
    assert.ok(early.text.includes('The first paragraph is complete'), `the first block holds the first paragraph: ${early.text}`);
    assert.strictEqual(early.live, 'polite', 'the streaming reply is a polite live region');
    assert.strictEqual(early.busy, 'true', 'the streaming reply is aria-busy while it streams');
    assert.strictEqual(fake.requests.length, 1);
    const finished = await Promise.race([fake.requests[0]!.finished.then(() => true), sleep(0).then(() => false)]);
    assert.strictEqual(finished, false, 'the first block was marked while the server was still sending');

    await waitForReplyDone(frame);
    await waitForText(frame, 'Paragraph 30:');
    const late = await frame.evaluate(() => {
      const reply = document.querySelector('.message.assistant')!;
      const first = reply.querySelector('.md-block') as HTMLElement & { __rendererMark?: string };
      return {
        mark: first.__rendererMark,
        html: first.innerHTML,
        blocks: reply.querySelectorAll('.md-block').length,
        mutations: (window as unknown as { __firstBlockMutations: number }).__firstBlockMutations,
        busy: reply.getAttribute('aria-busy'),
        live: reply.getAttribute('aria-live'),
        paragraphs: reply.querySelectorAll('.markdown-body p').length,
      };
    });
    assert.strictEqual(late.mark, 'first-block', 'the first block is the same DOM node at the end');
    assert.strictEqual(late.html, early.html, 'the first block is unchanged');
    assert.strictEqual(late.mutations, 0, 'nothing inside the first block was touched while the rest streamed');
    assert.ok(late.blocks > early.blocks, `the number of .md-block grows (${early.blocks} → ${late.blocks})`);
    assert.strictEqual(late.paragraphs, 31, 'every paragraph is rendered exactly once');
    assert.strictEqual(late.busy, 'false', 'aria-busy is false after the reply');
    assert.strictEqual(late.live, 'polite');
  });

  it('renders an unclosed code fence as highlighted code while it streams, before the fence closes', async () => {
    const { page } = wb;
    const frame = await newChat(page);
    const text = [
      'Here is the function:',
      '',
      '```typescript',
      'export function double(n: number): number {',
      '  return n * 2;',
      '}',
      '```',
      '',
      'That is all.',
    ].join('\n');
    // The stream stalls just before the closing fence: the fence is open for as long as we look.
    fake.enqueue({ text, chunkSize: 5, delayMs: 10, fault: { kind: 'stall', afterChars: text.indexOf('\n```\n') + 1 } });
    await sendChat(frame, 'Show me code.');
    await waitUntil(
      'the open fence rendered as code',
      async () => (await frame.locator('.message.assistant pre code', { hasText: 'return n * 2;' }).count()) > 0,
      30_000,
    );
    const open = await frame.evaluate(() => {
      const reply = document.querySelector('.message.assistant')!;
      const code = reply.querySelector('pre code')!;
      return {
        inBlock: !!code.closest('.md-block'),
        toolbar: reply.querySelectorAll('.code-toolbar').length,
        cls: code.className,
        keywords: code.querySelectorAll('.hljs-keyword').length,
        busy: reply.getAttribute('aria-busy'),
        text: (reply as HTMLElement).innerText,
      };
    });
    assert.strictEqual(open.busy, 'true', 'still streaming');
    assert.ok(!open.text.includes('That is all.'), 'the text after the fence has not arrived');
    assert.ok(open.inBlock, 'the open block is a block of its own that the stream appends to');
    assert.strictEqual(open.toolbar, 1, 'the open block has its toolbar already (no jump when it closes)');
    assert.match(open.cls, /language-typescript/);
    assert.ok(open.keywords > 0, 'the open fence is already highlighted');
    assert.ok(!open.text.includes('```'), 'the fence marker is not shown as text');

    await frame.locator('button[aria-label="Stop"]').click();
    await waitForText(frame, 'Stopped.');
    await waitForReplyDone(frame);
    // Finished (stopped) replies get their code toolbar too.
    assert.strictEqual(await frame.locator('.message.assistant .code-toolbar button[aria-label="Insert at Cursor"]').count(), 1);
  });

  it('streamed in small pieces, a reply ends exactly as it renders from one delta (code, lists, tables, emphasis, links)', async function () {
    this.timeout(180_000);
    const { page } = wb;
    const text = [
      'A **bold start** and `inline code`, then a [link](https://example.com/docs) and example.com.',
      '',
      '```typescript',
      '/* A comment',
      '   over three lines */',
      'export function total(items: number[]): number {',
      '  const label = `sum of',
      '  ${items.length} items`;',
      '  return items.reduce((a, b) => a + b, 0); // adds',
      '}',
      '```',
      '',
      '1. First item with `code` and *emphasis*',
      '2. Second item',
      '   - nested item',
      '',
      '| Name | Type |',
      '| --- | --- |',
      '| `items` | number[] |',
      '| label | string |',
      '',
      '```python',
      'def f(a, b):',
      '    """Adds two numbers.',
      '',
      '    Returns their sum.',
      '    """',
      '    return a + b',
      '```',
      '',
      '> A quote with **bold** text that goes on for a while',
      '',
      '~~~',
      'plain text block',
      '~~~',
      '',
      'The end, with trailing text that streams in plain pieces.',
    ].join('\n');
    // The reply's HTML without the wrappers streaming adds (blocks, the tail, code chunks).
    // Code in a language the view has not compiled yet is highlighted by a worker, a moment later.
    const normalised = async (f: Frame): Promise<string> => {
      await waitUntil('the code highlighted', async () => (await f.locator('.message.assistant .highlight-pending').count()) === 0, 10_000);
      return f.evaluate(() => {
        const replies = document.querySelectorAll('.message.assistant .markdown-body');
        const body = replies[replies.length - 1].cloneNode(true);
        for (const sel of ['.md-block', '.md-tail', '.code-chunk', '.code-piece']) {
          for (const e of Array.from(body.querySelectorAll(sel)) as any[]) e.replaceWith(...Array.from(e.childNodes));
        }
        body.normalize();
        for (const n of Array.from(body.childNodes) as any[]) if (n.nodeType === 3 && !n.data.trim()) n.remove();
        return body.innerHTML;
      });
    };
    let frame = await newChat(page);
    fake.enqueue({ text, chunkSize: text.length });
    await sendChat(frame, 'All at once.');
    await waitForReplyDone(frame);
    const once = await normalised(frame);
    for (const chunkSize of [3, 7, 16]) {
      frame = await newChat(page);
      // The page has no Python grammar: while the reply streams, its Python code shows as plain text
      // waiting for the worker (an open block's lines as they arrive, or the block when it came whole).
      await frame.evaluate(() => {
        const w = window as unknown as { pendingPythonPieces: number };
        w.pendingPythonPieces = 0;
        new MutationObserver((records: any[]) => {
          for (const r of records) {
            for (const n of Array.from(r.addedNodes) as any[]) {
              if (n.nodeType !== 1) continue;
              for (const p of [n, ...Array.from(n.querySelectorAll('.highlight-pending'))] as any[]) {
                if (!p.classList.contains('highlight-pending')) continue;
                if (p.closest('code.language-python') && p.closest('.message.assistant[aria-busy="true"]')) w.pendingPythonPieces++;
              }
            }
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
      fake.enqueue({ text, chunkSize, delayMs: 2 });
      await sendChat(frame, `In pieces of ${chunkSize}.`);
      await waitForReplyDone(frame);
      assert.strictEqual(await normalised(frame), once, `streamed in pieces of ${chunkSize} characters`);
      const pieces = await frame.evaluate(() => (window as unknown as { pendingPythonPieces: number }).pendingPythonPieces);
      assert.ok(pieces > 0, `the streaming reply's Python code went to the worker (pieces of ${chunkSize} characters)`);
    }
    assert.ok(once.includes('hljs-comment') && once.includes('<table>') && once.includes('<ol>'), 'the reply has highlighted code, a table and a list');
  });

  it('code blocks carry Copy / Insert at Cursor / Apply as Diff, reachable by keyboard; Insert edits the file at the cursor, Apply opens the diff', async function () {
    this.timeout(240_000);
    const { page } = wb;
    const file = path.join(wb.workspace, 'sample.ts');
    const original = fs.readFileSync(file, 'utf8');
    await openFile(page, 'sample.ts');
    // The cursor on line 2 (empty), column 1.
    await page.keyboard.press('Control+G');
    await quickInput(page).waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type('2', { delay: 10 });
    await page.keyboard.press('Enter');
    await waitUntil('the cursor at Ln 2, Col 1', async () => /^Ln 2, Col 1\b/.test(await cursorStatus(page)), 5000);

    const frame = await newChat(page);
    fake.enqueue({ text: 'Add this line:\n\n```typescript\n// inserted by Claude\n```\n\nDone.' });
    await sendChat(frame, 'Give me a line to insert.');
    await waitForReplyDone(frame);
    const toolbar = frame.locator('.message.assistant .code-toolbar').last();
    const labels = await toolbar.locator('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.deepStrictEqual(labels, ['Copy', 'Insert at Cursor', 'Apply as Diff']);

    // Keyboard: start from the paragraph before the code, Tab to the buttons, Enter presses them.
    await frame.locator('.message.assistant p', { hasText: 'Add this line:' }).click();
    const focused = (): Promise<string | null> => frame.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const seen: Array<string | null> = [];
    for (let i = 0; i < 10 && (await focused()) !== 'Copy'; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    assert.strictEqual(await focused(), 'Copy', `Tab reaches Copy (focus went ${JSON.stringify(seen)})`);
    await page.keyboard.press('Enter');
    await page
      .locator('.part.statusbar', { hasText: 'Copied to the clipboard.' })
      .waitFor({ state: 'visible', timeout: 5000 })
      .catch(() => console.log('    (note: no "Copied" status message seen; the browser may deny clipboard access)'));

    await page.keyboard.press('Tab');
    assert.strictEqual(await focused(), 'Insert at Cursor');
    await page.keyboard.press('Enter');
    // Ctrl+S from the webview is forwarded to the workbench and saves the active editor.
    await sleep(500);
    await page.keyboard.press('Control+S');
    const lines = original.split('\n');
    lines.splice(1, 0, '// inserted by Claude');
    const expected = lines.join('\n');
    await waitUntil('the inserted line saved to disk', () => fs.readFileSync(file, 'utf8') === expected, 15_000).catch(() => {
      throw new Error(`sample.ts on disk is not the original with the line inserted at line 2:\n${fs.readFileSync(file, 'utf8').slice(0, 300)}`);
    });

    assert.strictEqual(await focused(), 'Insert at Cursor', 'focus stays on the button');
    await page.keyboard.press('Tab');
    assert.strictEqual(await focused(), 'Apply as Diff');
    await page.keyboard.press('Enter');
    const diffTab = page.locator('.tabs-container .tab', { hasText: "Claude's proposal" }).first();
    await diffTab.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('renderer-apply-as-diff');
    await runCommand(page, 'Claude: Reject Change');
    await diffTab.waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), expected, 'rejecting wrote nothing');
    assert.ok(((await activeTab(page).getAttribute('aria-label')) ?? '').startsWith('sample.ts'), 'back in sample.ts');

    // Put the fixture back for the other tests.
    fs.writeFileSync(file, original);
    await runCommand(page, 'File: Revert File').catch(() => undefined);
  });

  it('stops following when scrolled up during a stream, shows "Jump to latest", and jumps to the bottom', async function () {
    this.timeout(180_000);
    const { page } = wb;
    const frame = await newChat(page);
    const paragraphs: string[] = [];
    for (let i = 1; i <= 150; i++) paragraphs.push(`Line ${i} of a long story that keeps scrolling the chat.`);
    fake.enqueue({ text: paragraphs.join('\n\n'), chunkSize: 10, delayMs: 15 });
    await sendChat(frame, 'Tell me a long story.');
    const scroller = frame.locator('main.scroller');
    const metrics = (): Promise<{ top: number; height: number; client: number; jumpHidden: boolean; busy: string | null }> =>
      frame.evaluate(() => {
        const s = document.querySelector('main.scroller') as HTMLElement;
        const jump = document.querySelector('.jump-latest') as HTMLElement;
        const r = document.querySelector('.message.assistant');
        return { top: s.scrollTop, height: s.scrollHeight, client: s.clientHeight, jumpHidden: jump.hidden, busy: r?.getAttribute('aria-busy') ?? null };
      });
    const atBottom = (m: { top: number; height: number; client: number }): boolean => m.height - m.top - m.client < 24;
    await waitUntil('the reply to overflow the view', async () => {
      const m = await metrics();
      return m.height > m.client + 400;
    }, 40_000);
    let m = await metrics();
    assert.ok(atBottom(m), `following the stream at the bottom: ${JSON.stringify(m)}`);
    assert.ok(m.jumpHidden, 'no Jump button while following');

    // Scroll up with the mouse wheel, like a person.
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await sleep(300);
    const scrolledTo = (await metrics()).top;
    await sleep(1000); // more text arrives meanwhile
    m = await metrics();
    assert.strictEqual(m.busy, 'true', 'still streaming');
    assert.ok(!atBottom(m), `not following after scrolling up: ${JSON.stringify(m)}`);
    assert.ok(Math.abs(m.top - scrolledTo) < 2, `the view stays where the user scrolled (${scrolledTo} → ${m.top})`);
    const jump = frame.locator('button.jump-latest');
    await jump.waitFor({ state: 'visible', timeout: 5000 });
    assert.strictEqual(await jump.getAttribute('aria-label'), 'Jump to latest');
    await wb.screenshot('renderer-jump-to-latest');

    await jump.click();
    await sleep(200);
    m = await metrics();
    assert.ok(atBottom(m), `at the bottom after Jump to latest: ${JSON.stringify(m)}`);
    assert.ok(m.jumpHidden, 'the Jump button hides again');
    await sleep(800);
    m = await metrics();
    if (m.busy === 'true') assert.ok(atBottom(m), `following again: ${JSON.stringify(m)}`);
    await frame.locator('button[aria-label="Stop"]').click().catch(() => undefined);
    await waitForReplyDone(frame);
  });

  it('shows thinking in a collapsed details.thinking above the answer, expandable', async () => {
    const { page } = wb;
    const frame = await newChat(page);
    fake.enqueue({
      thinking: 'The user asks for the answer. Consider the question carefully before answering.',
      text: 'The answer is **42**.',
      chunkSize: 10,
      delayMs: 5,
    });
    await sendChat(frame, 'What is the answer?');
    await waitForReplyDone(frame);
    await waitForText(frame, 'The answer is 42.');
    const details = frame.locator('.message.assistant details.thinking');
    assert.strictEqual(await details.count(), 1);
    const layout = await frame.evaluate(() => {
      const reply = document.querySelector('.message.assistant')!;
      const d = reply.querySelector('details.thinking') as HTMLDetailsElement;
      const body = reply.querySelector('.markdown-body')!;
      return {
        open: d.open,
        before: !!(d.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
        summary: d.querySelector('summary')?.textContent ?? '',
        text: d.querySelector('.thinking-text')?.textContent ?? '',
      };
    });
    assert.strictEqual(layout.open, false, 'collapsed');
    assert.ok(layout.before, 'above the answer');
    assert.strictEqual(layout.summary, 'Thinking');
    assert.strictEqual(layout.text, 'The user asks for the answer. Consider the question carefully before answering.');
    assert.strictEqual(await frame.locator('.thinking-text').isVisible(), false, 'the thinking text is hidden while collapsed');
    // Expand it from the keyboard.
    await frame.locator('details.thinking summary').focus();
    await page.keyboard.press('Enter');
    await waitUntil('the thinking to expand', () => frame.locator('.thinking-text').isVisible(), 5000);
    await wb.screenshot('thinking');
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.ok(!(await frame.locator('.markdown-body').last().innerText()).includes('Consider the question'), 'thinking is not part of the answer');
  });

  it('resolves reference-style links defined at the end of a reply', async () => {
    const { page } = wb;
    const frame = await newChat(page);
    fake.enqueue({
      text: 'See [the docs][1] and [the guide][guide].\n\nMore text in a second block.\n\n[1]: https://example.com/docs\n[guide]: https://example.com/guide\n',
      chunkSize: 7,
      delayMs: 5,
    });
    await sendChat(frame, 'Links please');
    await waitForReplyDone(frame);
    const reply = frame.locator('.message.assistant').last();
    await waitUntil('the links to resolve', async () => (await reply.locator('a[href="https://example.com/docs"]').count()) === 1, 10_000);
    assert.strictEqual(await reply.locator('a[href="https://example.com/guide"]').innerText(), 'the guide');
    assert.ok(!(await reply.innerText()).includes('[1]:'), 'the definitions are not shown as text');
  });

  it('gives every button in the chat view and the Explain panel an accessible label', async () => {
    const { page } = wb;
    const frame = await newChat(page);
    fake.enqueue({ text: 'Code:\n\n```js\nconsole.log(1);\n```' });
    await sendChat(frame, 'Code please.');
    await waitForReplyDone(frame);
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({ text: 'It adds.\n\n```typescript\nadd(1, 2);\n```' });
    await runCommand(page, 'Claude: Explain Selection');
    const panel = await webviewFrame(page, PANEL);
    await waitForReplyDone(panel);
    for (const [name, f] of [['chat', await chatFrame(page)], ['panel', await webviewFrame(page, PANEL)]] as const) {
      const buttons = await f.evaluate(() =>
        Array.from(document.querySelectorAll('button, [role="button"], summary, a[href]') as ArrayLike<any>).map((b) => ({
          html: b.outerHTML.slice(0, 120),
          name: (b.getAttribute('aria-label') ?? '').trim() || ((b as HTMLElement).innerText ?? '').trim() || (b.getAttribute('title') ?? '').trim(),
        })),
      );
      assert.ok(buttons.length >= 4, `${name}: found ${buttons.length} controls`);
      const unnamed = buttons.filter((b) => !b.name);
      assert.deepStrictEqual(unnamed, [], `${name}: controls without an accessible label`);
    }
  });

  it('highlights code with the theme colours in dark, high-contrast and light themes (screenshots theme-*.png)', async function () {
    this.timeout(240_000);
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({
      text: [
        'Highlighted:',
        '',
        '```typescript',
        '// add two numbers',
        'export function add(a: number, b: number): number {',
        "  const label = 'sum';",
        '  return a + b + 0;',
        '}',
        '```',
        '',
        '```python',
        '@cached',
        'def ready():',
        '    return True',
        '```',
      ].join('\n'),
    });
    await runCommand(page, 'Claude: Explain Selection');
    let panel = await webviewFrame(page, PANEL);
    await waitForReplyDone(panel);

    const themes: Array<{ shot: string; kind: RegExp; candidates: string[] }> = [
      { shot: 'theme-dark', kind: /vscode-dark/, candidates: ['Dark 2026', 'Dark Modern', 'Dark+'] },
      { shot: 'theme-high-contrast', kind: /vscode-high-contrast/, candidates: ['Dark High Contrast', 'Default High Contrast'] },
      { shot: 'theme-light', kind: /vscode-light/, candidates: ['Light 2026', 'Light Modern', 'Light+'] },
    ];
    const problems: string[] = [];
    for (const t of themes) {
      const label = await pickColorTheme(page, t.candidates);
      panel = await webviewFrame(page, PANEL);
      await waitUntil(`the webview to take theme ${label}`, async () => t.kind.test((await panel.locator('body').getAttribute('class')) ?? ''), 15_000);
      await sleep(500);
      const colours = await panel.evaluate(() => {
        const code = document.querySelector('.message.assistant pre code')!;
        const base = getComputedStyle(code).color;
        const bg = getComputedStyle(code.closest('pre')!).backgroundColor;
        const tokens: Record<string, string> = {};
        for (const cls of ['hljs-keyword', 'hljs-string', 'hljs-number', 'hljs-comment', 'hljs-title', 'hljs-built_in', 'hljs-meta', 'hljs-literal']) {
          const el = document.querySelector(`.message.assistant pre code .${cls}`);
          if (el) tokens[cls] = getComputedStyle(el).color;
        }
        return { base, bg, tokens };
      });
      await wb.screenshot(t.shot);
      console.log(`    ${t.shot} (${label}): code ${colours.base} on ${colours.bg}; ${JSON.stringify(colours.tokens)}`);
      assert.ok(Object.keys(colours.tokens).length >= 7, `highlighted tokens found: ${JSON.stringify(colours.tokens)}`);
      const bg = rgba(colours.bg);
      const base = over(rgba(colours.base), bg);
      for (const [cls, colour] of Object.entries(colours.tokens)) {
        const c = over(rgba(colour), bg);
        // Summed over r, g, b: the pale green of numbers on Dark 2026 differs by 45, an unhighlighted token by < 10.
        const diff = c.reduce((sum, v, i) => sum + Math.abs(v - base[i]!), 0);
        if (diff < 30) problems.push(`${label}: .${cls} is ${colour}, not visibly different from the code colour ${colours.base}`);
      }
    }
    assert.deepStrictEqual(problems, [], 'every highlighted token has its own colour in every theme');
  });

  // Last in this file: the init script stays with the page (later tests would get the broken worker too).
  it('keeps code whole and readable when the highlight worker fails: a stored reply waiting for it shows its code plain after a reload; a streaming reply highlights TypeScript on the page', async function () {
    this.timeout(180_000);
    const { page } = wb;
    let frame = await newChat(page);
    const stored = ['A stored reply:', '', '```python', 'def half(n):', '    return n / 2', '```', '', 'Done.'].join('\n');
    fake.enqueue({ text: stored });
    await sendChat(frame, 'Python, please.');
    await waitForReplyDone(frame);
    // Every webview document the page opens from now on gets a Worker that fails on the first job it is
    // given (an error event): the stored reply's Python block is then waiting for it. The page has no
    // Python grammar (TypeScript's only), so the block stays plain; the streaming reply after it finds
    // the worker gone.
    await page.addInitScript(`(() => {
      const p = location.pathname;
      if (p !== 'blank' && !p.includes('/webview/')) return;
      const Original = window.Worker;
      window.brokenWorkers = 0;
      // Only the chat's own worker (it names itself 'highlight'): VS Code's webview frames start others.
      window.Worker = function (url, options) {
        if (!options || options.name !== 'highlight') return new Original(url, options);
        window.brokenWorkers++;
        return new Original(URL.createObjectURL(new Blob(['self.onmessage = () => { throw new Error("broken by the test"); };'], { type: 'text/javascript' })), options);
      };
    })();`);
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    frame = await chatFrame(page);
    await waitForText(frame, 'Python, please.', 60_000);
    const lastBlock = (lang: string) => (f: Frame) =>
      f.evaluate((lang) => {
        const codes = Array.from(document.querySelectorAll(`.message.assistant pre code.language-${lang}`)) as any[];
        const last = codes[codes.length - 1];
        return {
          text: last?.textContent ?? '',
          keywords: last ? last.querySelectorAll('.hljs-keyword').length : -1,
          pending: document.querySelectorAll('.highlight-pending').length,
        };
      }, lang);
    let python = await lastBlock('python')(frame);
    await waitUntil('the stored Python shown, no longer waiting for the worker', async () => {
      python = await lastBlock('python')(frame);
      return python.text !== '' && python.pending === 0;
    }, 15_000);
    assert.strictEqual(python.text, 'def half(n):\n    return n / 2\n', `the stored code is whole: ${JSON.stringify(python)}`);
    const broken = await frame.evaluate(() => (window as unknown as { brokenWorkers?: number }).brokenWorkers ?? 0);
    assert.ok(broken >= 1, `the chat view started the (broken) worker: ${broken}`);

    const streamed = [
      'In TypeScript and in Go:',
      '',
      '```typescript',
      'export const half = (n: number): number => n / 2;',
      '```',
      '',
      '```go',
      'func half(n float64) float64 {',
      '\treturn n / 2',
      '}',
      '```',
      '',
      'Done.',
    ].join('\n');
    fake.enqueue({ text: streamed, chunkSize: 5, delayMs: 2 });
    await sendChat(frame, 'Both, please.');
    await waitForReplyDone(frame);
    const goCode = 'func half(n float64) float64 {\n\treturn n / 2\n}\n';
    await waitUntil('the streamed Go code whole, nothing waiting for the worker', async () => {
      const go = await lastBlock('go')(frame);
      return go.text === goCode && go.pending === 0;
    }, 15_000);
    const ts = await lastBlock('typescript')(frame);
    assert.strictEqual(ts.text, 'export const half = (n: number): number => n / 2;\n', `the streamed TypeScript is whole: ${JSON.stringify(ts)}`);
    assert.ok(ts.keywords > 0, `TypeScript is highlighted on the page: ${JSON.stringify(ts)}`);
    assert.strictEqual((await lastBlock('go')(frame)).keywords, 0, 'Go stays plain (no grammar on the page)');
  });
});
