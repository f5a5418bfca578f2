// Benchmark 1 (BENCHMARKS.md §1), render cost: the main-thread time the chat webview's document spends
// on a ~80,000-char reply streamed in small deltas (full speed and paced), against the same reply
// sent as one delta, traced with CDP.
import { newChat, sendChat, waitForFinishedReplies } from '../../test/e2e/pages/chat';
import { sleep, waitFor } from '../../test/runner/env';
import { longReply, pacedReply, type PacedKind } from '../content';
import { arm, type Benchmark, type Ctx } from '../context';
import { countDeltaMessages, deltaMessages } from '../probes';
import {
  cdpFrameIds,
  frameCost,
  mainThreadProfile,
  metricsDelta,
  rendererMetrics,
  startTrace,
  stopTrace,
  type FrameCost,
  type RendererMetrics,
} from '../trace';
import { fmtMs, fmtRatio, log, median } from '../util';

export interface RenderRun {
  cost: FrameCost;
  /** replyDelta messages the chat document received. */
  messages: number;
  host: FrameCost;
  metrics: RendererMetrics;
  streamMs: number;
  deltas: number;
}

async function renderRun(ctx: Ctx, variant: 'reference' | 'fast' | 'paced'): Promise<RenderRun> {
  const text = longReply();
  const chunkSize = variant === 'reference' ? text.length : 12;
  return streamAndTrace(ctx, variant, text, chunkSize, variant === 'paced' ? 1 : 0);
}

/** Streams `text` to the chat in deltas of `chunkSize` characters, `delayMs` apart, and traces the chat document. */
export async function streamAndTrace(ctx: Ctx, variant: string, text: string, chunkSize: number, delayMs: number): Promise<RenderRun> {
  const { wb, server, cdp, frame } = ctx;
  await newChat(wb.page, frame);
  await sleep(500);
  arm(server, { text, chunkSize, delayMs }, `render ${variant}`);
  const { inner, outer } = await cdpFrameIds(cdp, frame);
  await countDeltaMessages(frame);
  const before = await rendererMetrics(cdp);
  const profile = process.env.BENCH_PROFILE === '1';
  await startTrace(cdp, profile);
  const n = server.responses.length;
  await sendChat(frame, 'Review the module.');
  await waitFor('the request', () => server.responses.length > n, 30_000, 20);
  const req = server.fake.requests[server.fake.requests.length - 1]!;
  await req.finished;
  const timing = server.responses[n]!;
  // Poll the page only once the server is done, so that the probe costs next to nothing.
  await waitForFinishedReplies(frame, 1, 120_000);
  await sleep(1000);
  const after = await rendererMetrics(cdp);
  const tStop = Date.now();
  const events = await stopTrace(cdp);
  if (profile) log(`    trace: ${events.length} events, read in ${Date.now() - tStop} ms`);
  const cost = frameCost(events, inner);
  if (profile) {
    for (const p of mainThreadProfile(events, { inner, outer }, 14)) log(`    ${variant} ${p.name}: ${fmtMs(p.selfMs, 0)}`);
  }
  if (cost.events === 0) throw new Error(`the trace has no events for the chat frame ${inner}`);
  return {
    cost,
    messages: await deltaMessages(frame),
    host: frameCost(events, outer),
    metrics: metricsDelta(before, after),
    streamMs: (timing.lastWriteAt ?? NaN) - (timing.firstWriteAt ?? NaN),
    deltas: Math.ceil(text.length / chunkSize),
  };
}

/**
 * The floors for showing `text` in deltas at a pace in the chat document, the deltas posted to it by
 * VS Code's webview host frame (its parent, which relays every message of a real stream the same way):
 * - `message`: nothing is shown; what receiving that many messages costs the document (the chat's own
 *   listener sees and ignores them);
 * - `pre`: no Markdown, no highlighting, each delta appended to one text node in a <pre> at the end of the
 *   conversation and scrolled to, as the chat's follower does: what a frame that shows new text costs
 *   (message dispatch, style, layout) whatever renders it.
 */
async function floorRun(ctx: Ctx, text: string, chunkSize: number, delayMs: number, mode: 'message' | 'pre'): Promise<FrameCost> {
  const { wb, cdp, frame } = ctx;
  await newChat(wb.page, frame);
  await sleep(500);
  const host = frame.parentFrame();
  if (!host) throw new Error('the chat frame has no parent frame');
  const { inner } = await cdpFrameIds(cdp, frame);
  await frame.evaluate((mode) => {
    const scroller = document.querySelector('main.scroller')!;
    const pre = document.createElement('pre');
    const node = document.createTextNode('');
    pre.append(node);
    if (mode === 'pre') document.querySelector('.messages')!.append(pre);
    const onMessage = (e: MessageEvent): void => {
      const d = (e.data as { floorDelta?: string } | undefined)?.floorDelta;
      if (d === undefined || mode === 'message') return;
      node.appendData(d);
      scroller.scrollTop = scroller.scrollHeight;
    };
    window.addEventListener('message', onMessage);
    (window as unknown as { __floorEnd?: () => void }).__floorEnd = () => {
      window.removeEventListener('message', onMessage);
      pre.remove();
    };
  }, mode);
  await startTrace(cdp, false);
  await host.evaluate(
    async ({ text, chunkSize, delayMs }) => {
      const target = document.querySelector('iframe#active-frame') as HTMLIFrameElement | null;
      if (!target?.contentWindow) throw new Error('no #active-frame in the webview host frame');
      for (let i = 0; i < text.length; i += chunkSize) {
        target.contentWindow.postMessage({ floorDelta: text.slice(i, i + chunkSize) }, '*');
        await new Promise((r) => setTimeout(r, delayMs));
      }
      await new Promise((r) => setTimeout(r, 1000));
    },
    { text, chunkSize, delayMs },
  );
  const events = await stopTrace(cdp);
  await frame.evaluate(() => (window as unknown as { __floorEnd?: () => void }).__floorEnd?.());
  return frameCost(events, inner);
}

/** The paced cases: each kind of content at a real API's pace, against the same text in one delta. */
const PACED: Array<{ kind: PacedKind; delayMs: number }> = [
  { kind: 'code', delayMs: 20 },
  { kind: 'code', delayMs: 4 },
  { kind: 'prose', delayMs: 20 },
  { kind: 'list', delayMs: 20 },
  { kind: 'table', delayMs: 20 },
];
const PACED_CHUNK = 16;

async function benchPaced(ctx: Ctx): Promise<void> {
  const kinds = [...new Set(PACED.map((p) => p.kind))];
  log(`render cost at pace: ${kinds.map((k) => `${k} (${pacedReply(k).length} chars)`).join(', ')} in ${PACED_CHUNK}-char deltas, against one delta`);
  const rows: NonNullable<NonNullable<Ctx['report']['render']>['paced']> = [];
  const refs = new Map<PacedKind, number[]>();
  for (const kind of kinds) {
    const text = pacedReply(kind);
    const xs: number[] = [];
    await streamAndTrace(ctx, `${kind} warm-up`, text, text.length, 0);
    for (let i = 0; i < 3; i++) xs.push((await streamAndTrace(ctx, `${kind} once`, text, text.length, 0)).cost.totalMs);
    refs.set(kind, xs);
    log(`  ${kind} in one delta: ${xs.map((x) => fmtMs(x)).join(', ')}`);
  }
  for (const { kind, delayMs } of PACED) {
    const text = pacedReply(kind);
    const runs: RenderRun[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await streamAndTrace(ctx, `${kind} every ${delayMs} ms`, text, PACED_CHUNK, delayMs);
      runs.push(r);
      log(`  ${kind}, ${PACED_CHUNK} chars every ${delayMs} ms, run ${i + 1}: chat document ${fmtMs(r.cost.totalMs)} (script ${fmtMs(r.cost.scriptMs)}, style ${fmtMs(r.cost.styleMs)}, layout ${fmtMs(r.cost.layoutMs)}; first half ${fmtMs(r.cost.halvesMs[0])}, second half ${fmtMs(r.cost.halvesMs[1])}; ${r.cost.animationFrames} animation frames, ${r.messages} delta messages), renderer TaskDuration ${fmtMs(r.metrics.TaskDuration)}, stream ${fmtMs(r.streamMs, 0)}`);
    }
    const floor = await floorRun(ctx, text, PACED_CHUNK, delayMs, 'pre');
    const messagesOnly = await floorRun(ctx, text, PACED_CHUNK, delayMs, 'message');
    log(`  ${kind}, floor (a bare <pre> appended and scrolled per delta, same pace): ${fmtMs(floor.totalMs)}; the messages alone: ${fmtMs(messagesOnly.totalMs)}`);
    const ref = refs.get(kind)!;
    rows.push({
      floorMs: floor.totalMs,
      messagesMs: messagesOnly.totalMs,
      kind,
      chars: text.length,
      lines: text.split('\n').length,
      chunk: PACED_CHUNK,
      delayMs,
      deltas: runs[0]!.deltas,
      totalMs: median(runs.map((r) => r.cost.totalMs)),
      runs: runs.map((r) => r.cost.totalMs),
      halvesMs: [median(runs.map((r) => r.cost.halvesMs[0])), median(runs.map((r) => r.cost.halvesMs[1]))],
      refMs: median(ref),
      refRuns: ref,
      messages: median(runs.map((r) => r.messages)),
      frames: median(runs.map((r) => r.cost.animationFrames)),
      rendererTaskMs: median(runs.map((r) => r.metrics.TaskDuration)),
      streamMs: median(runs.map((r) => r.streamMs)),
    });
    const row = rows[rows.length - 1]!;
    log(`render cost at pace: ${kind} every ${delayMs} ms ${fmtMs(row.totalMs)} vs one delta ${fmtMs(row.refMs)} → ${fmtRatio(row.totalMs / row.refMs)}`);
  }
  ctx.report.render = { ...(ctx.report.render ?? { variants: {} }), paced: rows };
}

async function benchRender(ctx: Ctx): Promise<void> {
  log('render cost: ~80,000-char reply (30 code blocks), traced in the chat webview');
  // A first streamed run warms caches (highlight.js grammars, JIT) for all variants alike.
  await renderRun(ctx, 'fast');
  const runs: Record<string, RenderRun[]> = { reference: [], fast: [], paced: [] };
  // Five runs of the short (so noisy) reference, three at full speed, two paced (~10 s each).
  const plan: Array<Array<'reference' | 'fast' | 'paced'>> = [
    ['reference', 'fast', 'paced'],
    ['reference', 'fast', 'paced'],
    ['reference', 'fast'],
    ['reference'],
    ['reference'],
  ];
  for (const [i, round] of plan.entries()) {
    for (const v of round) {
      const r = await renderRun(ctx, v);
      runs[v]!.push(r);
      log(
        `  ${v.padEnd(9)} run ${i + 1}: webview document ${fmtMs(r.cost.totalMs)} (script ${fmtMs(r.cost.scriptMs)}, layout ${fmtMs(r.cost.layoutMs)}, style ${fmtMs(r.cost.styleMs)}; ${r.cost.animationFrames} animation frames), ` +
          `${r.messages} delta messages, VS Code webview host frame ${fmtMs(r.host.totalMs)}, renderer TaskDuration ${fmtMs(r.metrics.TaskDuration)}, stream ${fmtMs(r.streamMs, 0)}`,
      );
    }
  }
  const pick = (v: string): RenderRun => {
    const rs = runs[v]!;
    const m = median(rs.map((r) => r.cost.totalMs));
    return rs.reduce((a, b) => (Math.abs(a.cost.totalMs - m) <= Math.abs(b.cost.totalMs - m) ? a : b));
  };
  const med = (v: string, f: (r: RenderRun) => number): number => median(runs[v]!.map(f));
  ctx.report.render = {
    ...ctx.report.render,
    variants: Object.fromEntries(
      (['reference', 'fast', 'paced'] as const).map((v) => [
        v,
        {
          totalMs: med(v, (r) => r.cost.totalMs),
          scriptMs: med(v, (r) => r.cost.scriptMs),
          layoutMs: med(v, (r) => r.cost.layoutMs),
          styleMs: med(v, (r) => r.cost.styleMs),
          paintMs: med(v, (r) => r.cost.paintMs),
          animationFrames: Math.round(med(v, (r) => r.cost.animationFrames)),
          messages: Math.round(med(v, (r) => r.messages)),
          hostFrameMs: med(v, (r) => r.host.totalMs),
          rendererTaskMs: med(v, (r) => r.metrics.TaskDuration),
          rendererScriptMs: med(v, (r) => r.metrics.ScriptDuration),
          rendererLayoutMs: med(v, (r) => r.metrics.LayoutDuration + r.metrics.RecalcStyleDuration),
          streamMs: med(v, (r) => r.streamMs),
          deltas: pick(v).deltas,
          runs: runs[v]!.map((r) => r.cost.totalMs),
        },
      ]),
    ),
  };
  const r = ctx.report.render.variants;
  log(`render cost: streamed fast ${fmtMs(r.fast!.totalMs)}, paced ${fmtMs(r.paced!.totalMs)} vs one delta ${fmtMs(r.reference!.totalMs)} → ${fmtRatio(r.fast!.totalMs / r.reference!.totalMs)} / ${fmtRatio(r.paced!.totalMs / r.reference!.totalMs)}`);
}

export const renderCost: Benchmark = { name: 'render', run: benchRender };
export const renderPaced: Benchmark = { name: 'paced', run: benchPaced };
