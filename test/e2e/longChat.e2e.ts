// A long chat in the sidebar, as a person meets it: 150 messages come back after a window reload
// with the newest at the bottom; scrolling up shows the older ones in order without the view jumping
// as they are filled in; "Jump to latest" goes back down; Ctrl+F finds a word that only the very
// first message has, scrolls to it and highlights it. The chat is stored directly (test/e2e/pages/
// chatStorage.ts) rather than typed, which would take minutes.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { sleep } from '../runner/env';
import { buildChat, seedChat } from './pages/chatStorage';
import { chatFrame, chatInput, sendChat, setApiKey, startWorkbench, waitForFinishedReplies, waitUntil, type Workbench } from './harness';

// In the chat's document (the tests compile without the DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const CSS: any;

const TURNS = 75; // 150 messages
const RARE = 'zanzibar';

const question = (k: number): string => (k === 1 ? `Question 1: what does the ${RARE} module do?` : `Question ${k}: what does part ${k} of the parser do?`);
/**
 * Each reply's code block, in one of four languages: the first in each language other than
 * TypeScript (which the view warms up with) is highlighted by the worker, not on the page's thread.
 */
const CODE: ReadonlyArray<[string, (k: number) => string]> = [
  ['ts', (k) => `export function part${k}(input: string): number {\n  return input.length;\n}`],
  ['java', (k) => `public static int part${k}(String input) {\n  return input.length();\n}`],
  ['python', (k) => `def part_${k}(input: str) -> int:\n    return len(input)`],
  ['rust', (k) => `pub fn part_${k}(input: &str) -> usize {\n    input.len()\n}`],
];
const codeOf = (k: number): [string, string] => {
  const [lang, code] = CODE[k % CODE.length]!;
  return [lang, code(k)];
};
const reply = (k: number): string =>
  [
    `Reply ${k}: part ${k} reads the next token and hands it to the reducer, which validates it before the store is written.`,
    '',
    `- It keeps the state consistent.\n- It retries with backoff.\n- It never blocks the view.`,
    '',
    '```' + codeOf(k)[0],
    codeOf(k)[1],
    '```',
    '',
    'Each request carries a token and the server checks it against the session.',
  ].join('\n');

/** Every rendered reply's code block: its reply's number, its language, its text, and whether it has highlighted keywords. */
function codeBlocks(frame: Frame): Promise<Array<{ k: number; lang: string; text: string; highlighted: boolean }>> {
  return frame.evaluate(() =>
    (Array.from(document.querySelectorAll('.messages > .message.assistant')) as any[]).flatMap((m) => {
      const code = m.querySelector('pre > code');
      const k = Number(/Reply (\d+):/.exec(m.textContent ?? '')?.[1]);
      if (!code || !k) return [];
      return [{ k, lang: /language-(\S+)/.exec(code.className)?.[1] ?? '', text: code.textContent as string, highlighted: !!code.querySelector('.hljs-keyword') }];
    }),
  );
}

/** The code blocks rendered so far show their code, unchanged, highlighted. */
function checkCode(blocks: Awaited<ReturnType<typeof codeBlocks>>, where: string): void {
  for (const b of blocks) {
    const [lang, code] = codeOf(b.k);
    assert.strictEqual(b.lang, lang, `${where}: reply ${b.k}'s code block is ${lang}`);
    assert.strictEqual(b.text, `${code}\n`, `${where}: reply ${b.k}'s code is shown unchanged`);
    assert.ok(b.highlighted, `${where}: reply ${b.k}'s ${lang} code is highlighted`);
  }
}

interface Visible {
  /** Position in the chat (1-based) of each message at least partly on screen, top to bottom. */
  positions: number[];
  /**
   * Those more than 2 px inside the view. scrollTop is whole pixels and message heights are not, so
   * a message showing a pixel or less at an edge may come or go while nothing moves.
   */
  solid: number[];
  /** Each one's top edge, relative to the scroller, by position. */
  tops: Record<number, number>;
  scrollTop: number;
  atBottom: boolean;
  /** Spacers (messages not rendered yet) on screen. */
  spacersOnScreen: number;
}

/**
 * Which messages are on screen: "Question k" is message 2k-1, "Reply k" message 2k. With `scrollBy`,
 * scrolls first and looks at once, in the same task: before the chat could render anything.
 */
function visible(frame: Frame, scrollBy = 0): Promise<Visible> {
  return frame.evaluate((scrollBy) => {
    const scroller = document.querySelector('.scroller')!;
    if (scrollBy) scroller.scrollTop += scrollBy * scroller.clientHeight;
    const view = scroller.getBoundingClientRect();
    const on = (e: any): boolean => {
      const r = e.getBoundingClientRect();
      return r.bottom > view.top && r.top < view.bottom;
    };
    const messages = (Array.from(document.querySelectorAll('.messages > .message')) as any[]).filter(on);
    const positions = messages.map((m): number => {
      const x = /(Question|Reply) (\d+):/.exec(m.textContent ?? '');
      return x ? 2 * Number(x[2]) - (x[1] === 'Question' ? 1 : 0) : -1;
    });
    const rects = messages.map((m) => m.getBoundingClientRect());
    return {
      positions,
      solid: positions.filter((_, i) => rects[i].bottom > view.top + 2 && rects[i].top < view.bottom - 2),
      tops: Object.fromEntries(positions.map((p, i) => [p, rects[i].top - view.top])),
      scrollTop: scroller.scrollTop,
      atBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24,
      spacersOnScreen: Array.from(document.querySelectorAll('.messages .history-spacer')).filter(on).length,
    };
  }, scrollBy);
}

describe('e2e: a long chat in the sidebar', function () {
  let wb: Workbench;
  let fake: FakeAnthropic;

  before(async function () {
    this.timeout(15 * 60_000);
    fake = await startFakeAnthropic();
    wb = await startWorkbench({ label: 'e2e-longchat', env: { ANTHROPIC_BASE_URL: fake.url } });
  });

  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('reopens 150 messages at the newest, finds a question among the messages not rendered yet, scrolls up through them in order without jumping, and Ctrl+F finds a word of the first one', async function () {
    this.timeout(240_000);
    const { page } = wb;
    await setApiKey(page, DEFAULT_TEST_KEY);
    let frame = await chatFrame(page);
    fake.enqueue({ text: 'Hello to you.' });
    await sendChat(frame, 'Hello');
    await waitForFinishedReplies(frame, 1);

    await seedChat(page, buildChat('long-chat-e2e', TURNS, question, reply));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    frame = await chatFrame(page);
    await chatInput(frame).waitFor({ state: 'visible', timeout: 60_000 });
    await waitUntil('the newest reply on screen', async () => (await visible(frame)).positions.includes(2 * TURNS), 60_000);
    const start = await visible(frame);
    assert.ok(start.atBottom, `the chat opens at the bottom: ${JSON.stringify(start)}`);
    assert.strictEqual(start.positions[start.positions.length - 1], 2 * TURNS, `the newest message is the last one on screen: ${JSON.stringify(start)}`);
    // One read: messages rendered in idle time after it may still wait for the worker.
    let reopened: Awaited<ReturnType<typeof codeBlocks>> = [];
    await waitUntil('the code on screen highlighted', async () => (reopened = await codeBlocks(frame)).every((b) => b.highlighted), 10_000);
    assert.ok(reopened.length >= 2, `code blocks rendered on reopening: ${JSON.stringify(reopened)}`);
    checkCode(reopened, 'reopened');
    await wb.screenshot('long-chat-reopened');

    // Ctrl+F before scrolling: a question not rendered yet, in the middle of a spacer, is rendered
    // where it was (the spacer split around it) and shown with its neighbours, in order.
    // Right after the reload a first Ctrl+F has been seen to go unanswered (once in five runs): pressed again until the box opens.
    const early = frame.locator('input[aria-label="Find in chat"]');
    await waitUntil('the find box open', async () => {
      if (!(await early.isVisible())) {
        await chatInput(frame).click();
        await page.keyboard.press('Control+f');
      }
      return early.isVisible();
    }, 10_000);
    await early.pressSequentially('Question 37:', { delay: 20 });
    await waitUntil('the early match counted', async () => (await frame.locator('.find-count').textContent()) === '1 of 1', 10_000);
    await waitUntil('question 37 on screen', async () => (await visible(frame)).positions.includes(73), 10_000);
    await sleep(500);
    const found = await visible(frame);
    assert.ok(found.positions.every((p, i) => p > 0 && (i === 0 || p === found.positions[i - 1]! + 1)), `the messages around the match are consecutive and in order: ${JSON.stringify(found.positions)}`);
    assert.strictEqual(found.spacersOnScreen, 0, `every message around the match is rendered: ${JSON.stringify(found)}`);
    await page.keyboard.press('Escape');
    await early.waitFor({ state: 'hidden', timeout: 5_000 });
    await frame.evaluate(() => {
      const scroller = document.querySelector('.scroller')!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await waitUntil('back at the newest message', async () => {
      const v = await visible(frame);
      return v.atBottom && v.positions.includes(2 * TURNS);
    }, 10_000);

    // Scroll up a screenful at a time (as the wheel or Page Up does) to the very top.
    let previous = await visible(frame);
    let seenFirst = false;
    for (let step = 0; step < 400 && !seenFirst; step++) {
      const now = await visible(frame, -0.8);
      // Older messages filled in above must not move what is on screen.
      await sleep(500);
      const later = await visible(frame);
      const stayed = now.solid.every((p) => later.positions.includes(p)) && later.solid.every((p) => now.positions.includes(p));
      assert.ok(stayed, `the view stayed on the same messages while older ones were rendered (step ${step}): ${JSON.stringify(now)} → ${JSON.stringify(later)}`);
      const held = now.solid[0]!;
      assert.ok(Math.abs(later.tops[held]! - now.tops[held]!) < 2, `the view did not jump (step ${step}): message ${held} at ${now.tops[held]} → ${later.tops[held]}`);
      assert.strictEqual(later.spacersOnScreen, 0, `every message on screen is rendered (step ${step}): ${JSON.stringify(later)}`);
      const ordered = later.positions.every((p, i) => p > 0 && (i === 0 || p === later.positions[i - 1]! + 1));
      assert.ok(ordered, `the messages on screen are consecutive and in order (step ${step}): ${JSON.stringify(later.positions)}`);
      assert.ok(later.positions[0]! <= previous.positions[0]!, `scrolling up shows older messages (step ${step})`);
      previous = later;
      seenFirst = later.positions[0] === 1 && later.scrollTop === 0;
    }
    assert.ok(seenFirst, `the top shows the first question: ${JSON.stringify(previous)}`);
    let all: Awaited<ReturnType<typeof codeBlocks>> = [];
    await waitUntil('every code block rendered highlighted', async () => (all = await codeBlocks(frame)).every((b) => b.highlighted), 10_000);
    assert.deepStrictEqual(new Set(all.map((b) => b.lang)), new Set(CODE.map(([lang]) => lang)), 'code in every language was rendered');
    checkCode(all, 'scrolled through');

    // Ctrl+F in the chat: a word only the first message has.
    await chatInput(frame).click();
    await page.keyboard.press('Control+f');
    const find = frame.locator('input[aria-label="Find in chat"]');
    await find.waitFor({ state: 'visible', timeout: 5_000 });
    assert.ok(await find.evaluate((e) => e === document.activeElement), 'Ctrl+F focuses the find box');
    await find.pressSequentially(RARE, { delay: 20 });
    await waitUntil('the match counted', async () => (await frame.locator('.find-count').textContent()) === '1 of 1', 10_000);
    await waitUntil('the first message on screen', async () => (await visible(frame)).positions.includes(1), 10_000);
    const highlighted = await frame.evaluate(() => {
      const h = CSS.highlights.get('chat-find-current');
      const range = h ? (Array.from(h as Iterable<any>)[0] as any) : undefined;
      const scroller = document.querySelector('.scroller')!.getBoundingClientRect();
      const box = range?.getBoundingClientRect();
      return { text: range?.toString() as string | undefined, onScreen: !!box && box.top >= scroller.top && box.bottom <= scroller.bottom, in: range?.startContainer.parentElement?.closest('.message')?.textContent?.slice(0, 40) as string | undefined };
    });
    assert.strictEqual(highlighted.text?.toLowerCase(), RARE, JSON.stringify(highlighted));
    assert.ok(highlighted.onScreen, `the highlighted match is on screen: ${JSON.stringify(highlighted)}`);
    assert.match(highlighted.in ?? '', /^Question 1:/);
    await wb.screenshot('long-chat-find');

    // Escape closes it and clears the highlight.
    await page.keyboard.press('Escape');
    await find.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.strictEqual(await frame.evaluate(() => CSS.highlights.has('chat-find-current')), false);

    // Sending from up here: the question and its reply show at the bottom; scrolled up while a reply
    // streams, "Jump to latest" appears and goes back down.
    fake.enqueue({ text: 'Streaming on and on. '.repeat(150), chunkSize: 20, delayMs: 25 });
    await sendChat(frame, 'One more question');
    await waitUntil('the reply streaming at the bottom', async () => {
      const v = await visible(frame);
      return v.atBottom && v.positions.includes(-1) && ((await frame.locator('.messages > .message').last().textContent()) ?? '').includes('Streaming on');
    }, 20_000);
    await frame.evaluate(() => {
      document.querySelector('.scroller')!.scrollTop -= 1500;
    });
    const jump = frame.locator('button[aria-label="Jump to latest"]');
    await jump.waitFor({ state: 'visible', timeout: 10_000 });
    await jump.click();
    await waitUntil('back at the newest message', async () => (await visible(frame)).atBottom, 10_000);
    await waitForFinishedReplies(frame, 1);
    await waitUntil('the reply finished at the bottom', async () => (await visible(frame)).atBottom && (await frame.locator('.messages > .message.assistant').last().getAttribute('aria-busy')) === 'false', 20_000);
  });
});
