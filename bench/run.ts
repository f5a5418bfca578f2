// `npm run bench`: the performance figures of issue #4, measured in the real webview (code-server +
// headless Chromium, the extension installed from its production .vsix) against the fake Anthropic
// server, each as a ratio against a reference measured in the same run. Prints every figure and
// writes BENCHMARKS.md (or $BENCH_OUT).
//
// Environment: BENCH_ONLY=render,overhead,latency,longchat (a subset; footprint always runs),
// BENCH_OUT=<file>, CLAUDE_E2E_VSIX=<file> (use this .vsix instead of running `npm run package`),
// BENCH_TURNS (long-chat user turns, default 100 → 200 messages), BENCH_RUNS (overhead repeats, default 5).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { DEFAULT_TEST_KEY, type ReplyScript } from '../test/fake-anthropic/server';
import { ensureVsix, runCommand, startWorkbench, type Workbench } from '../test/e2e/harness';
import { findBinaries, repoRoot } from '../test/runner/env';
import { chatReply, END_MARKER, longReply, markerText } from './content';
import { writeReport, type Report } from './report';
import { startBenchServer, type BenchServer } from './server';
import {
  cdpFrameIds,
  frameCost,
  mainThreadProfile,
  metricsDelta,
  pageCdp,
  rendererMetrics,
  startTrace,
  stopTrace,
  type FrameCost,
  type RendererMetrics,
} from './trace';
import { fmtBytes, fmtMs, fmtRatio, log, median, now, percentile, sleep, waitFor } from './util';
import {
  chatFrame,
  countDeltaMessages,
  deltaMessages,
  FIRST_PAINT_INIT,
  newChat,
  readMarkers,
  seenAt,
  send,
  setApiKey,
  waitForFinishedReplies,
  watchFor,
  watchMarkers,
  type FirstPaint,
} from './workbench';
import { zipEntries, zipRead } from './zip';

const MODEL = 'claude-sonnet-5-5';
const only = new Set((process.env.BENCH_ONLY ?? 'render,overhead,latency,longchat').split(',').map((s) => s.trim()));
const RUNS = Number(process.env.BENCH_RUNS || 5);
const TURNS = Number(process.env.BENCH_TURNS || 100);

interface Ctx {
  wb: Workbench;
  server: BenchServer;
  cdp: CDPSession;
  frame: Frame;
  report: Report;
}

/**
 * Queues the fake server's next reply, after checking that the previous one was consumed by exactly
 * one request (a retry or a stray request would shift every later reply). The queue is cleared
 * first, so a shift never carries over.
 */
let armedFor: string | undefined;
const anomalies: string[] = [];
function arm(server: BenchServer, script: ReplyScript, label: string): void {
  if (armedFor !== undefined) {
    const posts = server.fake.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages').length;
    if (posts !== 1) {
      const msg = `${armedFor}: the fake server saw ${posts} message requests instead of 1`;
      anomalies.push(msg);
      log(`WARNING ${msg}`);
    }
  }
  server.fake.reset();
  server.fake.enqueue(script);
  armedFor = label;
}

// ------------------------------------------------------------------ 4. footprint (static part)

function footprint(report: Report, vsix: string): void {
  const entries = zipEntries(vsix);
  const size = (name: string): number => entries.find((e) => e.name === name)?.size ?? NaN;
  const pkg = JSON.parse(zipRead(vsix, 'extension/package.json').toString('utf8')) as {
    activationEvents?: string[];
    main?: string;
  };
  const events = pkg.activationEvents ?? [];
  report.footprint = {
    vsixBytes: fs.statSync(vsix).size,
    extensionJsBytes: size('extension/dist/extension.js'),
    webviewJsBytes: size('extension/dist/webview.js'),
    files: entries.length,
    distJs: entries
      .filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name))
      .map((e) => ({ name: e.name.slice('extension/dist/'.length), bytes: e.size })),
    activationEvents: events,
    starActivation: events.some((e) => e === '*' || e === 'onStartupFinished'),
    activationMs: [],
    bundleLoadMs: NaN,
  };
  // Diagnostic: Node 24 alone loading the production bundle (vscode stubbed), 5 fresh processes.
  // Every dist/*.js is extracted (extension.js may require its siblings, e.g. a lazily loaded bundle).
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-bench-dist-'));
  for (const e of report.footprint.distJs) fs.writeFileSync(path.join(distDir, e.name), zipRead(vsix, `extension/dist/${e.name}`));
  const bundle = path.join(distDir, 'extension.js');
  const { node24 } = findBinaries();
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = spawnSync(node24, [path.join(repoRoot(), 'out', 'bench', 'requireTime.js'), bundle], { encoding: 'utf8', timeout: 60_000 });
    const m = /"loadMs":([\d.]+)/.exec(res.stdout ?? '');
    if (m) loads.push(Number(m[1]));
  }
  fs.rmSync(distDir, { recursive: true, force: true });
  report.footprint.bundleLoadMs = median(loads);
  const f = report.footprint;
  log(`footprint: loading dist/extension.js alone in Node ${fmtMs(f.bundleLoadMs, 0)} (median of ${loads.length})`);
  log(`footprint: vsix ${fmtBytes(f.vsixBytes)} (${f.files} files); ${f.distJs.map((d) => `dist/${d.name} ${fmtBytes(d.bytes)}`).join(', ')}`);
  log(`activationEvents ${JSON.stringify(events)} (implicit ones come from the contributed commands and view); '*': ${f.starActivation ? 'YES' : 'no'}`);
}

/**
 * Activation time as VS Code measures it (code loading + the activate() call), read from
 * Developer: Show Running Extensions ("Activation: N ms" or "Startup Activation: N ms").
 */
async function readActivationTime(page: Page): Promise<{ ms: number; label: string }> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Claude Assistant' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  const label = await waitFor(
    'the activation time in Running Extensions',
    async () => {
      const t = ((await row.locator('.activation-time').textContent().catch(() => '')) ?? '').trim();
      return /\d+\s*ms/.test(t) ? t : '';
    },
    30_000,
    200,
  );
  // 1.139 shows it as a modal editor: Escape closes it (else close it as an editor).
  await page.keyboard.press('Escape');
  const closed = await row.waitFor({ state: 'hidden', timeout: 3000 }).then(
    () => true,
    () => false,
  );
  if (!closed) {
    await runCommand(page, 'View: Close Editor');
    await row.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  return { ms: Number(/(\d+)\s*ms/.exec(label)![1]), label };
}

// ------------------------------------------------------------------ 1. render cost

interface RenderRun {
  cost: FrameCost;
  /** replyDelta messages the chat document received. */
  messages: number;
  host: FrameCost;
  metrics: RendererMetrics;
  streamMs: number;
  deltas: number;
}

async function renderRun(ctx: Ctx, variant: 'reference' | 'fast' | 'paced'): Promise<RenderRun> {
  const { wb, server, cdp, frame } = ctx;
  await newChat(wb.page, frame);
  await sleep(500);
  const text = longReply();
  const chunkSize = variant === 'reference' ? text.length : 12;
  arm(server, { text, chunkSize, delayMs: variant === 'paced' ? 1 : 0 }, `render ${variant}`);
  const { inner, outer } = await cdpFrameIds(cdp, frame);
  await countDeltaMessages(frame);
  const before = await rendererMetrics(cdp);
  const profile = process.env.BENCH_PROFILE === '1';
  await startTrace(cdp, profile);
  const n = server.responses.length;
  await send(frame, 'Review the module.');
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

// ------------------------------------------------------------------ 2. overhead over the raw SDK

interface ExtRun {
  fromRequest: number;
  fromEnter: number;
  serverMs: number;
  messages: number;
  deltas: number;
}

/** Runs bench/sdkBaseline.ts in its own Node process (asynchronously: this process serves the fake API). */
async function sdkRun(server: BenchServer, node24: string): Promise<{ fromRequest: number; fromCall: number }> {
  const n = server.responses.length;
  const script = path.join(repoRoot(), 'out', 'bench', 'sdkBaseline.js');
  const child = spawn(node24, [script, server.url, DEFAULT_TEST_KEY, MODEL], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`sdkBaseline failed (exit ${code}): ${stderr}`);
  const out = JSON.parse(stdout.trim().split('\n').pop()!) as { startedAt: number; doneAt: number; chars: number };
  const timing = server.responses[n];
  if (!timing) throw new Error('sdkBaseline: the fake server saw no request');
  return { fromRequest: out.doneAt - timing.arrivedAt, fromCall: out.doneAt - out.startedAt };
}

async function extensionRun(ctx: Ctx): Promise<ExtRun> {
  const { wb, server, frame } = ctx;
  await newChat(wb.page, frame);
  await sleep(300);
  const text = longReply();
  arm(server, { text, chunkSize: 12, delayMs: 0 }, 'overhead (extension)');
  await watchFor(frame, END_MARKER);
  await countDeltaMessages(frame);
  const n = server.responses.length;
  await send(frame, 'Review the module.');
  const seen = await seenAt(frame);
  const timing = server.responses[n]!;
  await waitForFinishedReplies(frame, 1);
  return {
    fromRequest: seen.seenAt - timing.arrivedAt,
    fromEnter: seen.seenAt - seen.enterAt,
    serverMs: (timing.lastWriteAt ?? NaN) - timing.arrivedAt,
    messages: await deltaMessages(frame),
    deltas: Math.ceil(text.length / 12),
  };
}

async function benchOverhead(ctx: Ctx): Promise<void> {
  log(`overhead: the same ~80,000-char reply at full speed, ${RUNS} runs each (extension ↔ plain SDK script, alternating)`);
  const { node24 } = findBinaries();
  const ext: ExtRun[] = [];
  const sdk: Array<{ fromRequest: number; fromCall: number }> = [];
  // One unmeasured run of each first (connection setup, JIT).
  arm(ctx.server, { text: longReply(), chunkSize: 12 }, 'overhead (SDK warm-up)');
  await sdkRun(ctx.server, node24);
  await extensionRun(ctx);
  for (let i = 0; i < RUNS; i++) {
    const e = await extensionRun(ctx);
    ext.push(e);
    arm(ctx.server, { text: longReply(), chunkSize: 12, delayMs: 0 }, 'overhead (SDK)');
    const s = await sdkRun(ctx.server, node24);
    sdk.push(s);
    log(`  run ${i + 1}: extension ${fmtMs(e.fromRequest, 0)} (request → last text in the DOM; ${fmtMs(e.fromEnter, 0)} from Enter; ${e.messages} delta messages), SDK ${fmtMs(s.fromRequest, 0)} (request → finalText; ${fmtMs(s.fromCall, 0)} from stream())`);
  }
  ctx.report.overhead = {
    runs: RUNS,
    extFromRequest: median(ext.map((e) => e.fromRequest)),
    extFromEnter: median(ext.map((e) => e.fromEnter)),
    sdkFromRequest: median(sdk.map((s) => s.fromRequest)),
    sdkFromCall: median(sdk.map((s) => s.fromCall)),
    serverMs: median(ext.map((e) => e.serverMs)),
    deltas: ext[0]!.deltas,
    messages: Math.round(median(ext.map((e) => e.messages))),
    extAll: ext.map((e) => e.fromRequest),
    sdkAll: sdk.map((s) => s.fromRequest),
  };
  const o = ctx.report.overhead;
  log(`overhead: extension ${fmtMs(o.extFromRequest, 0)} vs SDK ${fmtMs(o.sdkFromRequest, 0)} → ${fmtRatio(o.extFromRequest / o.sdkFromRequest)}`);
}

// ------------------------------------------------------------------ 3. delta latency

async function benchLatency(ctx: Ctx): Promise<void> {
  const COUNT = 400;
  const DELAY = 20;
  log(`delta latency: ${COUNT} text deltas, one every ${DELAY} ms, each carrying a marker`);
  const { wb, server, frame } = ctx;
  await newChat(wb.page, frame);
  await sleep(500);
  await watchMarkers(frame);
  server.markerWrites.clear();
  server.recordMarkers = true;
  arm(server, { text: markerText(COUNT, 16), chunkSize: 16, delayMs: DELAY }, 'latency');
  await send(frame, 'Stream markers.');
  await waitForFinishedReplies(frame, 1, 120_000);
  await sleep(300);
  server.recordMarkers = false;
  const { dom, msg } = await readMarkers(frame);
  const toDom: number[] = [];
  const toMsg: number[] = [];
  let missing = 0;
  for (const [id, wrote] of server.markerWrites) {
    const d = dom.get(id);
    const m = msg.get(id);
    if (d === undefined) {
      missing++;
      continue;
    }
    toDom.push(d - wrote);
    if (m !== undefined) toMsg.push(m - wrote);
  }
  if (process.env.BENCH_DUMP) {
    const rows = [...server.markerWrites].map(([id, w]) => `${id}\t${(msg.get(id) ?? NaN) - w}\t${(dom.get(id) ?? NaN) - w}`);
    fs.writeFileSync(process.env.BENCH_DUMP, rows.join('\n'));
  }
  ctx.report.latency = {
    deltas: COUNT,
    delayMs: DELAY,
    measured: toDom.length,
    missing,
    p50: percentile(toDom, 50),
    p95: percentile(toDom, 95),
    p99: percentile(toDom, 99),
    max: Math.max(...toDom),
    min: Math.min(...toDom),
    msgP50: percentile(toMsg, 50),
    msgP95: percentile(toMsg, 95),
  };
  const l = ctx.report.latency;
  log(`delta latency (server write → text in the DOM): p50 ${fmtMs(l.p50)}, p95 ${fmtMs(l.p95)}, p99 ${fmtMs(l.p99)}, max ${fmtMs(l.max)} over ${l.measured} deltas; arrival in the webview (before rendering) p50 ${fmtMs(l.msgP50)}, p95 ${fmtMs(l.msgP95)}`);
}

// ------------------------------------------------------------------ 5. long chat

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
    await send(frame, `Question ${k}: what does part ${k} of the module do, and how would you test it?`);
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
  frame = await chatFrame(wb.page);
  await newChat(wb.page, frame);
  await sleep(1500);
  for (let i = 0; i < 2; i++) {
    const m = await reloadAndMeasure(ctx, 1);
    empty.push(m);
    log(`  reload with an empty chat: first paint ${fmtMs(m.firstPaintMs, 0)} after reload (webview document → painted ${fmtMs(m.docToPaintMs, 0)}; state render ${fmtMs(m.renderMs, 0)}), heap ${fmtBytes(m.heapUsedBytes)}, ${m.domNodes} DOM nodes, ${m.activationLabel}`);
  }
  ctx.frame = await chatFrame(wb.page);
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

// ------------------------------------------------------------------ main

function machine(): Report['machine'] {
  const cpus = os.cpus();
  const { node24, codeServer } = findBinaries();
  const node24Version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  let csVersion = '?';
  try {
    for (let dir = path.dirname(fs.realpathSync(codeServer)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      const pkg = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }) : {};
      if (pkg.name === 'code-server') {
        csVersion = pkg.version ?? '?';
        break;
      }
    }
  } catch {
    /* keep ? */
  }
  let sdkVersion = '?';
  try {
    sdkVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'node_modules', '@anthropic-ai', 'sdk', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* keep ? */
  }
  return {
    nproc: cpus.length,
    memoryBytes: os.totalmem(),
    cpuModel: cpus[0]?.model ?? '?',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    extensionHostNode: node24Version,
    codeServer: csVersion,
    chromium: '?',
    sdk: sdkVersion,
    date: new Date().toISOString(),
    loadAvgStart: os.loadavg(),
    loadAvgEnd: [],
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const report: Report = { machine: machine(), notes: [], durationS: 0 };
  log(`machine: ${report.machine.nproc} CPUs (${report.machine.cpuModel}), ${fmtBytes(report.machine.memoryBytes)}; code-server ${report.machine.codeServer}; load average ${report.machine.loadAvgStart.map((x) => x.toFixed(1)).join(' ')}`);
  const { vsix, error } = ensureVsix();
  if (!vsix) throw new Error(`could not build the .vsix: ${error}`);
  const vsixCopy = path.join(os.tmpdir(), `claude-bench-${process.pid}.vsix`);
  fs.copyFileSync(vsix, vsixCopy); // the measured package, whatever else rebuilds the repo meanwhile
  process.env.CLAUDE_E2E_VSIX = vsixCopy;
  footprint(report, vsixCopy);

  const server = await startBenchServer();
  let wb: Workbench | undefined;
  try {
    log('starting code-server and Chromium with the .vsix installed …');
    wb = await startWorkbench({ label: 'bench', env: { ANTHROPIC_BASE_URL: server.url }, install: 'vsix' });
    const cdp = await pageCdp(wb.page);
    const version = (await cdp.send('Browser.getVersion').catch(() => undefined)) as { product?: string } | undefined;
    report.machine.chromium = version?.product ?? '?';
    await setApiKey(wb.page);
    const act = await readActivationTime(wb.page);
    report.footprint!.activationMs.push(act.ms);
    log(`activation (first command, Set API Key): ${act.label}`);
    const frame = await chatFrame(wb.page);
    const ctx: Ctx = { wb, server, cdp, frame, report };
    // Warm-up: one small exchange.
    await newChat(wb.page, frame);
    arm(server, { text: 'Ready. ```ts\nconst x = 1;\n```' }, 'warm-up');
    await send(frame, 'Hello');
    await waitForFinishedReplies(frame, 1);

    if (only.has('render')) await benchRender(ctx);
    if (only.has('overhead')) await benchOverhead(ctx);
    if (only.has('latency')) await benchLatency(ctx);
    if (only.has('longchat')) await benchLongChat(ctx);
  } catch (err) {
    if (wb) await wb.screenshot('bench-failure').catch(() => undefined);
    throw err;
  } finally {
    await wb?.stop().catch(() => undefined);
    await server.close();
    fs.rmSync(vsixCopy, { force: true });
  }
  report.durationS = (Date.now() - started) / 1000;
  report.machine.loadAvgEnd = os.loadavg();
  for (const a of anomalies) report.notes.push(`Anomaly in this run: ${a}.`);
  const out = process.env.BENCH_OUT || path.join(repoRoot(), 'BENCHMARKS.md');
  const summary = writeReport(report, out);
  console.log('\n' + summary);
  log(`wrote ${out}; the bench took ${report.durationS.toFixed(0)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
