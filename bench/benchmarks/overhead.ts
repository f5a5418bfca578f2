// Benchmark 2 (BENCHMARKS.md §2), overhead over the raw SDK: the same long reply at full speed,
// request → last text shown in the chat, against a plain @anthropic-ai/sdk script (bench/sdkBaseline.ts)
// reading it from the same fake server.
import { spawn } from 'child_process';
import * as path from 'path';
import { newChat, sendChat, waitForFinishedReplies } from '../../test/e2e/pages/chat';
import { DEFAULT_TEST_KEY } from '../../test/fake-anthropic/server';
import { findBinaries, repoRoot, sleep } from '../../test/runner/env';
import { END_MARKER, longReply } from '../content';
import { arm, type Benchmark, type Ctx } from '../context';
import { arrivals, countDeltaMessages, deltaMessages, seenAt, watchArrivals, watchFor } from '../probes';
import type { BenchServer } from '../server';
import { fmtMs, fmtRatio, log, median } from '../util';

const MODEL = 'claude-sonnet-5-5';
const RUNS = Number(process.env.BENCH_RUNS || 5);

interface ExtRun {
  fromRequest: number;
  fromEnter: number;
  serverMs: number;
  messages: number;
  deltas: number;
  /** Server's last write → the chat document receives the last replyDelta. */
  toWebview: number;
  /** Last replyDelta received → last text in the DOM. */
  toDom: number;
  /** Server's last write → replyDone received. */
  toDone: number;
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
  await watchArrivals(frame);
  const n = server.responses.length;
  await sendChat(frame, 'Review the module.');
  const seen = await seenAt(frame);
  const timing = server.responses[n]!;
  await waitForFinishedReplies(frame, 1);
  const arrived = await arrivals(frame);
  const lastWrite = timing.lastWriteAt ?? NaN;
  return {
    toWebview: arrived.lastDeltaAt - lastWrite,
    toDom: seen.seenAt - arrived.lastDeltaAt,
    toDone: arrived.doneAt - lastWrite,
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
    log(`  run ${i + 1}: extension ${fmtMs(e.fromRequest, 0)} (request → last text in the DOM; ${fmtMs(e.fromEnter, 0)} from Enter; ${e.messages} delta messages; server's last write → last delta in the webview ${fmtMs(e.toWebview, 0)} → in the DOM ${fmtMs(e.toDom, 0)}; → replyDone ${fmtMs(e.toDone, 0)}), SDK ${fmtMs(s.fromRequest, 0)} (request → finalText; ${fmtMs(s.fromCall, 0)} from stream())`);
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
    toWebview: median(ext.map((e) => e.toWebview)),
    toDom: median(ext.map((e) => e.toDom)),
    toDone: median(ext.map((e) => e.toDone)),
    sdkAll: sdk.map((s) => s.fromRequest),
  };
  const o = ctx.report.overhead;
  log(`overhead: extension ${fmtMs(o.extFromRequest, 0)} vs SDK ${fmtMs(o.sdkFromRequest, 0)} → ${fmtRatio(o.extFromRequest / o.sdkFromRequest)}`);
}

export const overhead: Benchmark = { name: 'overhead', run: benchOverhead };
