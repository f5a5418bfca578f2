// The longest main-thread task the chat's document was part of, from a trace with the `toplevel`
// category (RunTask: one task of the renderer's main thread) and `devtools.timeline` (script, style
// and layout events carrying the frame they ran for). The chat's webview shares the renderer main
// thread with the workbench (see trace.ts), so each task is reported whole and with the chat's own
// share of it (the union of the chat frame's script/style/layout events inside the task).
import type { CDPSession } from 'playwright-core';
import { LAYOUT, SCRIPT, STYLE, type TraceEvent } from './trace';

const CHAT_WORK = new Set([...SCRIPT, ...LAYOUT, ...STYLE, 'EventDispatch', 'ParseHTML', 'IntersectionObserverController::computeIntersections', 'HitTest']);

export interface LongTasks {
  /** The longest RunTask in which the chat's document did any work (the whole task, ms). */
  longestTaskMs: number;
  /** The chat's own work inside that task (ms). */
  longestTaskChatMs: number;
  /** What the chat's own work in that task was: its outermost events by kind (a script's file named), longest first. */
  longestTaskWhat: string;
  /** The longest stretch of the chat's own work inside one task (ms): its share of the worst task. */
  longestChatShareMs: number;
  /** Tasks with chat work over 50 ms (whole task). */
  tasksOver50: number;
  /** Tasks with chat work. */
  tasks: number;
}

/** Starts a trace with the categories longTasks() needs. */
export async function startTaskTrace(cdp: CDPSession): Promise<void> {
  const categories = ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline'];
  // BENCH_TRACE_DIR (a diagnostic): the traces are written there, with GC and JS samples in them.
  if (process.env.BENCH_TRACE_DIR) categories.push('v8', 'disabled-by-default-v8.gc', 'disabled-by-default-v8.cpu_profiler');
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: categories, excludedCategories: ['*'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReturnAsStream',
    streamFormat: 'json',
  });
}

function frameOf(e: TraceEvent): string | undefined {
  const a = e.args;
  const f = (a?.data?.frame ?? a?.beginData?.frame ?? a?.frame) as string | undefined;
  return typeof f === 'string' ? f : undefined;
}

/** [start, end] in µs of complete events (ph X, or B/E joined). */
function spans(events: TraceEvent[]): Array<{ e: TraceEvent; start: number; end: number }> {
  const out: Array<{ e: TraceEvent; start: number; end: number }> = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph === 'X' && typeof e.dur === 'number') out.push({ e, start: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') {
      const k = `${e.pid}:${e.tid}:${e.name}`;
      (open.get(k) ?? open.set(k, []).get(k)!).push(e);
    } else if (e.ph === 'E') {
      const b = open.get(`${e.pid}:${e.tid}:${e.name}`)?.pop();
      if (b) out.push({ e: { ...b, args: { ...(b.args ?? {}), beginData: b.args?.beginData ?? b.args?.data } }, start: b.ts, end: e.ts });
    }
  }
  return out;
}

function union(intervals: Array<[number, number]>): number {
  const s = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const [a, b] of s) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else if (b > cur[1]) cur[1] = b;
  }
  return cur ? total + cur[1] - cur[0] : total;
}

/** The outermost of `inside` (sorted by start) summed by kind, a script's file named: "EvaluateScript webview.js 92 ms, …". */
function what(inside: ReadonlyArray<{ e: TraceEvent; start: number; end: number }>): string {
  const by = new Map<string, number>();
  let end = -Infinity;
  for (const c of inside) {
    if (c.start < end) continue; // inside the one before
    end = c.end;
    const url = (c.e.args?.data?.url ?? '') as string;
    const file = url ? ` ${url.split(/[?#]/)[0]!.split('/').pop()}` : '';
    const kind = `${c.e.name}${file}`;
    by.set(kind, (by.get(kind) ?? 0) + (c.end - c.start) / 1000);
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`)
    .join(', ');
}

export function longTasks(events: TraceEvent[], chatFrame: string): LongTasks {
  const all = spans(events);
  const chat = all.filter((s) => frameOf(s.e) === chatFrame && CHAT_WORK.has(s.e.name));
  const none: LongTasks = { longestTaskMs: 0, longestTaskChatMs: 0, longestTaskWhat: '', longestChatShareMs: 0, tasksOver50: 0, tasks: 0 };
  if (!chat.length) return none;
  const { pid, tid } = chat[0]!.e;
  const mine = chat.filter((s) => s.e.pid === pid && s.e.tid === tid).sort((a, b) => a.start - b.start);
  // DevTools' "Task" (RunTask); older and newer Chromiums name the top-level event differently.
  const onThread = all.filter((s) => s.e.pid === pid && s.e.tid === tid);
  const named = (name: string) => onThread.filter((s) => s.e.name === name);
  let tasks = named('RunTask');
  if (!tasks.length) tasks = named('ThreadControllerImpl::RunTask');
  if (!tasks.length) {
    // No task events: the chat's work merged into stretches stands in for its tasks.
    const merged: Array<{ start: number; end: number }> = [];
    for (const c of mine) {
      const last = merged[merged.length - 1];
      if (last && c.start <= last.end) last.end = Math.max(last.end, c.end);
      else merged.push({ start: c.start, end: c.end });
    }
    tasks = merged.map((m) => ({ e: mine[0]!.e, ...m }));
  }
  tasks.sort((a, b) => a.start - b.start);
  const r = { ...none };
  let j = 0;
  for (const t of tasks) {
    while (j < mine.length && mine[j]!.start < t.start) j++;
    const inside: Array<[number, number]> = [];
    for (let k = j; k < mine.length && mine[k]!.start < t.end; k++) inside.push([mine[k]!.start, Math.min(mine[k]!.end, t.end)]);
    if (!inside.length) continue;
    const taskMs = (t.end - t.start) / 1000;
    const chatMs = union(inside) / 1000;
    r.tasks++;
    if (taskMs > 50) r.tasksOver50++;
    if (taskMs > r.longestTaskMs) {
      r.longestTaskMs = taskMs;
      r.longestTaskChatMs = chatMs;
      r.longestTaskWhat = what(mine.slice(j).filter((c) => c.start < t.end));
    }
    r.longestChatShareMs = Math.max(r.longestChatShareMs, chatMs);
  }
  return r;
}
