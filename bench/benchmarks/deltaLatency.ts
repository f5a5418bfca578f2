// Benchmark 3 (BENCHMARKS.md §3), delta latency: for 400 paced deltas each carrying a marker, the time
// from the fake server's write to the marker's text in the chat's DOM.
import * as fs from 'fs';
import { newChat, sendChat, waitForFinishedReplies } from '../../test/e2e/pages/chat';
import { sleep } from '../../test/runner/env';
import { markerText } from '../content';
import { arm, type Benchmark, type Ctx } from '../context';
import { readMarkers, watchMarkers } from '../probes';
import { fmtMs, log, percentile } from '../util';

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
  await sendChat(frame, 'Stream markers.');
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
    const rows = [...server.markerWrites].map(([id, w]) => `${id}\t${(msg.get(id) ?? NaN) - w}\t${(dom.get(id) ?? NaN) - w}\t${w}`);
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

export const deltaLatency: Benchmark = { name: 'latency', run: benchLatency };
