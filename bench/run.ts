// `npm run bench`: the performance figures of issue #4, measured in the real webview (code-server +
// headless Chromium, the extension installed from its production .vsix) against the fake Anthropic
// server, each as a ratio against a reference measured in the same run. Runs the benchmarks of
// bench/benchmarks/ (one file each, numbered as in BENCHMARKS.md), prints every figure and writes
// BENCHMARKS.md (or $BENCH_OUT) with bench/report.ts.
//
// Order: 4 (footprint) measures the .vsix first, as it needs no workbench; then, in one workbench,
// 1 render cost, 1a render cost at pace, 2 overhead, 3 delta latency and 5 long chat. Benchmark 4's activation times are read
// after the first command and after each window reload of benchmark 5. Then 6 (side by side with VS Code's own chat)
// in a second workbench with the built-in chat on.
//
// Environment: BENCH_ONLY=render,paced,overhead,latency,longchat,peer (a subset; footprint always runs),
// BENCH_OUT=<file>, CLAUDE_E2E_VSIX=<file> (use this .vsix instead of running `npm run package`),
// BENCH_TURNS (long chat reopened, default 100 turns → 200 messages), BENCH_LONG_TURNS (the longest chat, default 1,000 turns →
// 2,000 messages), BENCH_RUNS (overhead repeats, default 5), BENCH_ACTIVATION_SAMPLES (window loads measuring activation beside an empty extension, default 5).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { newChat, sendChat, setApiKey, waitForFinishedReplies } from '../test/e2e/pages/chat';
import { ensureVsix } from '../test/e2e/harness/packaging';
import { startWorkbench, type Workbench } from '../test/e2e/harness/workbench';
import { DEFAULT_TEST_KEY } from '../test/fake-anthropic/server';
import { repoRoot } from '../test/runner/env';
import { deltaLatency } from './benchmarks/deltaLatency';
import { activationSamples, footprint, readActivationTime } from './benchmarks/footprint';
import { longChat } from './benchmarks/longChat';
import { peerNative } from './benchmarks/peerNative';
import { overhead } from './benchmarks/overhead';
import { renderCost, renderPaced } from './benchmarks/renderCost';
import { anomalies, arm, type Benchmark, type Ctx } from './context';
import { machine } from './machine';
import { chatFrameWithClock } from './probes';
import { writeReport, type Report } from './report';
import { startBenchServer, type BenchServer } from './server';
import { pageCdp } from './trace';
import { fmtBytes, log } from './util';

/** The benchmarks run in the workbench, in order. */
const IN_WORKBENCH: Benchmark[] = [renderCost, renderPaced, overhead, deltaLatency, longChat];
const only = new Set((process.env.BENCH_ONLY ?? [...IN_WORKBENCH, peerNative].map((b) => b.name).join(',')).split(',').map((s) => s.trim()));

const NATIVE_CHAT_SETTINGS = { 'chat.disableAIFeatures': false, 'chat.allowAnonymousAccess': true };

/** Starts a workbench with the .vsix, sets the key, warms the chat up and runs `benchmarks` in it. */
async function inWorkbench(report: Report, server: BenchServer, label: string, settings: Record<string, unknown>, benchmarks: Benchmark[], first: boolean): Promise<void> {
  let wb: Workbench | undefined;
  try {
    log(`starting code-server and Chromium with the .vsix installed (${label}) …`);
    wb = await startWorkbench({ label, env: { ANTHROPIC_BASE_URL: server.url }, install: 'vsix', settings });
    const cdp = await pageCdp(wb.page);
    const version = (await cdp.send('Browser.getVersion').catch(() => undefined)) as { product?: string } | undefined;
    report.machine.chromium = version?.product ?? '?';
    await setApiKey(wb.page, DEFAULT_TEST_KEY);
    if (first) {
      // VS Code's Running Extensions view can be slow to list everything: a missing figure, not a failed run.
      const act = await readActivationTime(wb.page).catch((err: Error) => {
        report.notes.push(`The first window's activation time could not be read: ${err.message.split('\n')[0]}.`);
        return undefined;
      });
      if (act) {
        report.footprint!.activationMs.push(act.ms);
        log(`activation (first command, Set API Key): ${act.label}`);
      }
    }
    const frame = await chatFrameWithClock(wb.page);
    const ctx: Ctx = { wb, server, cdp, frame, report };
    // Warm-up: one small exchange.
    await newChat(wb.page, frame);
    arm(server, { text: 'Ready. ```ts\nconst x = 1;\n```' }, 'warm-up');
    await sendChat(frame, 'Hello');
    await waitForFinishedReplies(frame, 1);
    for (const b of benchmarks) await b.run(ctx);
    // Last: it restarts code-server (with an empty reference extension) and reloads the window.
    if (first) {
      // A window load that does not come back in time costs its samples, not the whole run.
      await activationSamples(wb, report).catch((err: Error) => {
        report.notes.push(`The activation samples stopped early: ${err.message.split('\n')[0]}.`);
        log(`activation samples stopped: ${err.message.split('\n')[0]}`);
      });
    }
  } catch (err) {
    if (wb) await wb.screenshot(`${label}-failure`).catch(() => undefined);
    throw err;
  } finally {
    await wb?.stop().catch(() => undefined);
  }
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
  await footprint(report, vsixCopy);

  const server = await startBenchServer();
  try {
    // The main workbench always starts: the activation samples run in it, last.
    await inWorkbench(report, server, 'bench', {}, IN_WORKBENCH.filter((b) => only.has(b.name)), true);
    // VS Code's own chat needs its AI features on (the harness turns them off) and no sign-in: a
    // workbench of its own, so that the others run without Copilot Chat starting beside them.
    if (only.has(peerNative.name)) await inWorkbench(report, server, 'bench-peer', NATIVE_CHAT_SETTINGS, [peerNative], false);
  } finally {
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
