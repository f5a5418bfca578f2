// Benchmark 5 (BENCHMARKS.md §5), long chat: BENCH_TURNS questions through the chat input, then
// window reloads measuring how the chat view comes back with its history (first paint, heap, DOM
// size, activation time), against the same with an empty chat.
import { newChat, sendChat, waitForFinishedReplies } from '../../test/e2e/pages/chat';
import { sleep, waitFor } from '../../test/runner/env';
import { chatReply } from '../content';
import { arm, type Benchmark, type Ctx } from '../context';
import { chatFrameWithClock, FIRST_PAINT_INIT, type FirstPaint } from '../probes';
import { rendererMetrics } from '../trace';
import { fmtBytes, fmtMs, log, median, now } from '../util';
import { readActivationTime } from './footprint';

const TURNS = Number(process.env.BENCH_TURNS || 100);

interface ReloadMeasure {
  firstPaintMs: number;
  docToPaintMs: number;
  renderMs: number;
  children: number;
  states: number;
  heapUsedBytes: number;
  domNodes: number;
  rendererNodes: number;
  activationMs: number;
  activationLabel: string;
}

/** Reloads the window and measures how the chat view comes back. */
async function reloadAndMeasure(ctx: Ctx, expectChildren: number): Promise<ReloadMeasure> {
  const page = ctx.wb.page;
  const t0 = now();
  // Not the harness's waitForWorkbench: it also waits for the explorer, which the chat replaces in the side bar.
  await page.reload({ waitUntil: 'domcontentloaded' });
  const found = await waitFor(
    'the chat view to render after the reload',
    async () => {
      for (const f of page.frames()) {
        if (!f.url().includes('/webview/')) continue;
        const rec = (await f.evaluate(() => (window as unknown as { __benchPaint?: unknown }).__benchPaint).catch(() => undefined)) as FirstPaint | undefined;
        if (rec?.paintedAt && (rec.children ?? 0) >= 1 && (await f.locator('textarea.input').count()) > 0) return { f, rec };
      }
      return undefined;
    },
    120_000,
    100,
  );
  const { f, rec } = found;
  const children = await f.evaluate(() => document.querySelector('.messages')!.children.length);
  if (expectChildren > 1 && children < expectChildren) throw new Error(`the chat came back with ${children} messages, expected ${expectChildren}`);
  // Memory once things settle: renderer JS heap after a full GC, and the chat document's DOM size.
  await sleep(3000);
  await ctx.cdp.send('HeapProfiler.collectGarbage');
  await ctx.cdp.send('HeapProfiler.collectGarbage');
  const heap = await ctx.cdp.send('Runtime.getHeapUsage');
  const metrics = await rendererMetrics(ctx.cdp);
  const domNodes = await f.evaluate(() => document.getElementsByTagName('*').length);
  const act = await readActivationTime(page);
  ctx.report.footprint!.activationMs.push(act.ms);
  return {
    firstPaintMs: rec.paintedAt! - t0,
    docToPaintMs: rec.paintedAt! - rec.createdAt,
    renderMs: rec.stateAt ? rec.renderedAt! - rec.stateAt : NaN,
    children,
    states: rec.states,
    heapUsedBytes: heap.usedSize,
    domNodes,
    rendererNodes: metrics.Nodes,
    activationMs: act.ms,
    activationLabel: act.label,
  };
}

async function benchLongChat(ctx: Ctx): Promise<void> {
  const { wb, server } = ctx;
  log(`long chat: ${TURNS} questions with instant replies (~1,500 chars each, a code block) through the chat input`);
  let frame = ctx.frame;
  await newChat(wb.page, frame);
  const sendTimes: number[] = [];
  for (let k = 1; k <= TURNS; k++) {
    arm(server, { text: chatReply(k), chunkSize: 400 }, `long chat turn ${k}`);
    if (k === TURNS) {
      // How long the chat document spends on the state messages a send triggers (with the full history).
      await frame.evaluate(() => {
        const w = window as unknown as { __benchNow(): number; __benchStates: number[] };
        w.__benchStates = [];
        window.addEventListener(
          'message',
          (e: MessageEvent) => {
            if ((e.data as { type?: string } | undefined)?.type !== 'state') return;
            const t0 = w.__benchNow();
            setTimeout(() => w.__benchStates.push(w.__benchNow() - t0), 0);
          },
          true,
        );
      });
    }
    const t = now();
    await sendChat(frame, `Question ${k}: what does part ${k} of the module do, and how would you test it?`);
    await waitForFinishedReplies(frame, k, 60_000);
    sendTimes.push(now() - t);
    if (k % 25 === 0) log(`  ${k} turns (last send → reply shown: ${fmtMs(sendTimes[k - 1]!, 0)})`);
  }
  await sleep(1500); // the last reply is persisted
  const sendStates = await frame.evaluate(() => (window as unknown as { __benchStates?: number[] }).__benchStates ?? []);
  log(`  the last send made the chat document render ${sendStates.length} state message(s): ${sendStates.map((x) => fmtMs(x, 0)).join(', ')}`);
  await wb.page.addInitScript(FIRST_PAINT_INIT);
  const full: ReloadMeasure[] = [];
  const empty: ReloadMeasure[] = [];
  for (let i = 0; i < 2; i++) {
    const m = await reloadAndMeasure(ctx, TURNS * 2);
    full.push(m);
    log(`  reload with ${m.children} messages: first paint ${fmtMs(m.firstPaintMs, 0)} after reload (webview document → painted ${fmtMs(m.docToPaintMs, 0)}; state render ${fmtMs(m.renderMs, 0)}), heap ${fmtBytes(m.heapUsedBytes)}, ${m.domNodes} DOM nodes, ${m.activationLabel}`);
  }
  frame = await chatFrameWithClock(wb.page);
  await newChat(wb.page, frame);
  await sleep(1500);
  for (let i = 0; i < 2; i++) {
    const m = await reloadAndMeasure(ctx, 1);
    empty.push(m);
    log(`  reload with an empty chat: first paint ${fmtMs(m.firstPaintMs, 0)} after reload (webview document → painted ${fmtMs(m.docToPaintMs, 0)}; state render ${fmtMs(m.renderMs, 0)}), heap ${fmtBytes(m.heapUsedBytes)}, ${m.domNodes} DOM nodes, ${m.activationLabel}`);
  }
  ctx.frame = await chatFrameWithClock(wb.page);
  const med = (xs: ReloadMeasure[], f: (m: ReloadMeasure) => number): number => median(xs.map(f));
  const pickOf = (xs: ReloadMeasure[]) => ({
    firstPaintMs: med(xs, (m) => m.firstPaintMs),
    docToPaintMs: med(xs, (m) => m.docToPaintMs),
    renderMs: med(xs, (m) => m.renderMs),
    heapUsedBytes: med(xs, (m) => m.heapUsedBytes),
    domNodes: med(xs, (m) => m.domNodes),
    rendererNodes: med(xs, (m) => m.rendererNodes),
    children: xs[0]!.children,
    states: Math.max(...xs.map((m) => m.states)),
  });
  ctx.report.longChat = {
    turns: TURNS,
    full: pickOf(full),
    empty: pickOf(empty),
    sendFirstMs: median(sendTimes.slice(0, 5)),
    sendLastMs: median(sendTimes.slice(-5)),
    lastSendStatesMs: sendStates,
    chars: Array.from({ length: TURNS }, (_, i) => chatReply(i + 1).length).reduce((a, b) => a + b, 0),
  };
  const l = ctx.report.longChat;
  log(`long chat: first paint ${fmtMs(l.full.firstPaintMs, 0)} vs ${fmtMs(l.empty.firstPaintMs, 0)} empty; webview heap share +${fmtBytes(l.full.heapUsedBytes - l.empty.heapUsedBytes)}`);
}

export const longChat: Benchmark = { name: 'longchat', run: benchLongChat };
