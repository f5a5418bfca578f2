// Benchmark 6 (BENCHMARKS.md §6), side by side with a peer: VS Code's own Chat view rendering the same
// 400-line code block at the same pace, streamed by this extension's @claude participant from the same
// fake server, against our chat view in the same workbench. Both are traced the same way; VS Code's chat
// is part of the workbench document, so its figure is the workbench frame's main-thread time.
import { sendChat, waitForFinishedReplies, newChat } from '../../test/e2e/pages/chat';
import { newNativeChat, nativeChatResponses, openNativeChat, sendNativeChat, typeInNativeChat, waitForNativeChatResponse } from '../../test/e2e/pages/nativeChat';
import { sleep, waitFor } from '../../test/runner/env';
import { END_MARKER, pacedReply } from '../content';
import { arm, disarm, type Benchmark, type Ctx } from '../context';
import { frameCost, metricsDelta, rendererMetrics, startTrace, stopTrace } from '../trace';
import { fmtMs, fmtRatio, log, median } from '../util';
import { streamAndTrace } from './renderCost';

const CHUNK = 16;
const DELAY_MS = 20;

interface PeerRun {
  /** Main-thread time of the document that renders the chat (ours: the webview's; VS Code's: the workbench's). */
  docMs: number;
  /** Whole renderer (Performance.getMetrics TaskDuration). */
  rendererMs: number;
  /** Send → the whole reply shown (VS Code's chat only; polled every 0.5 s). */
  shownMs?: number;
}

async function rootFrameId(ctx: Ctx): Promise<string> {
  const { frameTree } = (await ctx.cdp.send('Page.getFrameTree')) as unknown as { frameTree: { frame: { id: string } } };
  return frameTree.frame.id;
}

async function nativeRun(ctx: Ctx, text: string, chunkSize: number, delayMs: number): Promise<PeerRun> {
  const { wb, server, cdp } = ctx;
  const page = wb.page;
  await newNativeChat(page);
  await sleep(500);
  disarm();
  server.fake.reset();
  server.fake.setDefault({ text: 'OK.' }); // whatever VS Code's chat asks on the side
  server.fake.enqueue({ text, chunkSize, delayMs });
  const root = await rootFrameId(ctx);
  const before = await rendererMetrics(cdp);
  await typeInNativeChat(page, '@claude Review the module.');
  await startTrace(cdp);
  const responses = await nativeChatResponses(page).count();
  const sentAt = Date.now();
  await sendNativeChat(page, responses);
  await waitFor('the request', () => server.fake.requests.some((r) => r.method === 'POST'), 30_000, 20);
  await waitForNativeChatResponse(page, END_MARKER, 300_000);
  const shownMs = Date.now() - sentAt;
  await sleep(1000);
  const after = await rendererMetrics(cdp);
  const events = await stopTrace(cdp);
  return { docMs: frameCost(events, root).totalMs, rendererMs: metricsDelta(before, after).TaskDuration, shownMs };
}

async function oursRun(ctx: Ctx, text: string, chunkSize: number, delayMs: number): Promise<PeerRun> {
  const r = await streamAndTrace(ctx, `peer: ours ${delayMs ? 'paced' : 'once'}`, text, chunkSize, delayMs);
  return { docMs: r.cost.totalMs, rendererMs: r.metrics.TaskDuration };
}

async function benchPeer(ctx: Ctx): Promise<void> {
  const text = pacedReply('code');
  log(`side by side: VS Code's Chat view (@claude) and ours, the 400-line code block (${text.length} chars) in ${CHUNK}-char deltas every ${DELAY_MS} ms, and in one delta`);
  await openNativeChat(ctx.wb.page);
  // Warm-up of each (grammars, Monaco's code block editors, JIT).
  await nativeRun(ctx, text, text.length, 0);
  await oursRun(ctx, text, text.length, 0);
  const runs = { nativeOnce: [] as PeerRun[], nativePaced: [] as PeerRun[], oursOnce: [] as PeerRun[], oursPaced: [] as PeerRun[] };
  for (let i = 0; i < 2; i++) {
    runs.nativeOnce.push(await nativeRun(ctx, text, text.length, 0));
    runs.oursOnce.push(await oursRun(ctx, text, text.length, 0));
    runs.nativePaced.push(await nativeRun(ctx, text, CHUNK, DELAY_MS));
    runs.oursPaced.push(await oursRun(ctx, text, CHUNK, DELAY_MS));
    const last = (xs: PeerRun[]): string => `${fmtMs(xs[xs.length - 1]!.docMs)} (renderer ${fmtMs(xs[xs.length - 1]!.rendererMs)})`;
    log(`  round ${i + 1}: VS Code once ${last(runs.nativeOnce)}, paced ${last(runs.nativePaced)}; ours once ${last(runs.oursOnce)}, paced ${last(runs.oursPaced)}`);
  }
  // Back to our chat for whatever runs next.
  await newChat(ctx.wb.page, ctx.frame);
  arm(ctx.server, { text: 'Ready.' }, 'peer: back to our chat');
  await sendChat(ctx.frame, 'Hello');
  await waitForFinishedReplies(ctx.frame, 1);
  const pick = (xs: PeerRun[]) => ({
    docMs: median(xs.map((x) => x.docMs)),
    rendererMs: median(xs.map((x) => x.rendererMs)),
    docRuns: xs.map((x) => x.docMs),
    rendererRuns: xs.map((x) => x.rendererMs),
    shownMs: xs.map((x) => x.shownMs ?? NaN),
  });
  ctx.report.peer = {
    chars: text.length,
    chunk: CHUNK,
    delayMs: DELAY_MS,
    nativeOnce: pick(runs.nativeOnce),
    nativePaced: pick(runs.nativePaced),
    oursOnce: pick(runs.oursOnce),
    oursPaced: pick(runs.oursPaced),
  };
  const p = ctx.report.peer;
  log(`side by side, paced: ours ${fmtMs(p.oursPaced.docMs)} vs VS Code's chat ${fmtMs(p.nativePaced.docMs)} → ${fmtRatio(p.oursPaced.docMs / p.nativePaced.docMs)}`);
}

export const peerNative: Benchmark = { name: 'peer', run: benchPeer };
