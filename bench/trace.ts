// Chrome DevTools Protocol helpers: a Performance trace (devtools.timeline) of the browser,
// attributed to one frame, and the renderer-wide Performance.getMetrics counters.
//
// Why a trace and not only Performance.getMetrics: code-server serves webviews from the workbench's
// own origin, so Chromium keeps the webview's two nested iframes (VS Code's host frame index.html
// and the extension's document in #active-frame, fake.html) in the workbench's renderer process:
// they are not out-of-process iframes and get no CDP target of their own
// (context.newCDPSession(frame) refuses: "This frame does not have a separate CDP session").
// Performance.getMetrics on the page target therefore counts the whole renderer main thread:
// workbench, VS Code's webview plumbing and the extension's webview together. The trace's events
// carry the frame they ran for (args.data.frame / args.beginData.frame), which isolates the
// extension's document.
import type { CDPSession, Frame, Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; beginData?: Record<string, unknown>; frame?: string };
}

/** devtools.timeline is enough to attribute script/style/layout to frames; `profile` adds what a whole-thread breakdown needs. */
export async function startTrace(cdp: CDPSession, profile = false): Promise<void> {
  const categories = profile ? ['devtools.timeline', 'toplevel', 'v8.execute', 'disabled-by-default-devtools.timeline.frame'] : ['devtools.timeline'];
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: categories, excludedCategories: ['*'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReturnAsStream',
    streamFormat: 'json',
  });
}

export async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')));
  await cdp.send('Tracing.end');
  const handle = await complete;
  const chunks: string[] = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle, size: 1 << 22 });
    chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const json = JSON.parse(chunks.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(json) ? json : (json.traceEvents ?? []);
}

/**
 * CDP frame ids of a webview: `outer` is VS Code's host frame (pre/index.html?id=…), `inner` the
 * extension's document (#active-frame). The inner frame is matched as the outer one's only child:
 * VS Code loads fake.html there and then document.write()s the extension's HTML into it, after which
 * Chromium reports the frame under the writer's URL (the host frame's), not fake.html.
 */
export async function cdpFrameIds(cdp: CDPSession, innerFrame: Frame): Promise<{ outer: string; inner: string }> {
  interface Node {
    frame: { id: string; url: string; urlFragment?: string };
    childFrames?: Node[];
  }
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as unknown as { frameTree: Node };
  const outerUrl = innerFrame.parentFrame()?.url();
  if (!outerUrl) throw new Error('cdpFrameIds: the webview frame has no parent frame');
  const found: Node[] = [];
  const walk = (n: Node, parentUrl: string | undefined): void => {
    // The inner frame reports the same URL as its parent (see above): take the topmost match.
    if (n.frame.url === outerUrl && parentUrl !== outerUrl) found.push(n);
    for (const c of n.childFrames ?? []) walk(c, n.frame.url);
  };
  walk(frameTree, undefined);
  if (found.length !== 1) throw new Error(`cdpFrameIds: ${found.length} frames with url ${outerUrl}`);
  const kids = found[0]!.childFrames ?? [];
  if (kids.length !== 1) throw new Error(`cdpFrameIds: the webview host frame has ${kids.length} child frames (${kids.map((k) => k.frame.url).join(', ')})`);
  return { outer: found[0]!.frame.id, inner: kids[0]!.frame.id };
}

export const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'v8.compile',
  'v8.compileModule',
  'CompileScript',
  'RunMicrotasks',
  'XHRReadyStateChange',
]);
export const LAYOUT = new Set(['Layout']);
export const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ScheduleStyleRecalculation']);
const PAINT = new Set(['Paint', 'PrePaint']);

function frameOf(e: TraceEvent): string | undefined {
  const a = e.args;
  const f = (a?.data?.frame ?? a?.beginData?.frame ?? a?.frame) as string | undefined;
  return typeof f === 'string' ? f : undefined;
}

type Interval = [number, number];

function unionLength(intervals: Interval[]): number {
  if (!intervals.length) return 0;
  const s = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [cs, ce] = s[0]!;
  for (const [a, b] of s.slice(1)) {
    if (a > ce) {
      total += ce - cs;
      cs = a;
      ce = b;
    } else if (b > ce) {
      ce = b;
    }
  }
  return total + (ce - cs);
}

/** Complete events (ph X, or B/E pairs joined), each with its duration in microseconds. */
function completeEvents(events: TraceEvent[]): Array<TraceEvent & { dur: number }> {
  const out: Array<TraceEvent & { dur: number }> = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph === 'X' && typeof e.dur === 'number') {
      out.push(e as TraceEvent & { dur: number });
    } else if (e.ph === 'B') {
      const k = `${e.pid}:${e.tid}:${e.name}`;
      const stack = open.get(k) ?? [];
      stack.push(e);
      open.set(k, stack);
    } else if (e.ph === 'E') {
      const k = `${e.pid}:${e.tid}:${e.name}`;
      const b = open.get(k)?.pop();
      if (b) {
        const args = { ...(b.args ?? {}), ...(e.args ?? {}), beginData: b.args?.beginData ?? b.args?.data };
        out.push({ ...b, args, dur: e.ts - b.ts });
      }
    }
  }
  return out;
}

export interface FrameCost {
  /** Milliseconds of main-thread time attributed to the frame (union of intervals, no double counting). */
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  paintMs: number;
  /** script ∪ layout ∪ style: the figure the render bench reports. */
  totalMs: number;
  /** Number of requestAnimationFrame callbacks fired in the frame. */
  animationFrames: number;
  /** Events seen for the frame. */
  events: number;
  /** totalMs in the first and the second half of the time between the frame's first and last event: equal when each delta costs the same however long the reply already is. */
  halvesMs: [number, number];
}

function clip(intervals: Interval[], from: number, to: number): Interval[] {
  return intervals.filter(([a, b]) => b > from && a < to).map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as Interval);
}

/** Main-thread cost attributed to `frameId` in a trace. */
export function frameCost(events: TraceEvent[], frameId: string): FrameCost {
  const mine = completeEvents(events).filter((e) => frameOf(e) === frameId);
  const pick = (set: Set<string>): Interval[] => mine.filter((e) => set.has(e.name)).map((e) => [e.ts, e.ts + e.dur]);
  const script = pick(SCRIPT);
  const layout = pick(LAYOUT);
  const style = pick(STYLE);
  const paint = pick(PAINT);
  const ms = (us: number): number => us / 1000;
  const all = [...script, ...layout, ...style];
  const start = Math.min(...all.map((i) => i[0]));
  const end = Math.max(...all.map((i) => i[1]));
  const mid = (start + end) / 2;
  return {
    halvesMs: all.length ? [ms(unionLength(clip(all, start, mid))), ms(unionLength(clip(all, mid, end)))] : [0, 0],
    scriptMs: ms(unionLength(script)),
    layoutMs: ms(unionLength(layout)),
    styleMs: ms(unionLength(style)),
    paintMs: ms(unionLength(paint)),
    totalMs: ms(unionLength(all)),
    animationFrames: mine.filter((e) => e.name === 'FireAnimationFrame').length,
    events: mine.length,
  };
}

export interface RendererMetrics {
  ScriptDuration: number;
  LayoutDuration: number;
  RecalcStyleDuration: number;
  TaskDuration: number;
  JSHeapUsedSize: number;
  Nodes: number;
}

/** Performance.getMetrics of the page target (durations in ms, sizes in bytes). */
export async function rendererMetrics(cdp: CDPSession): Promise<RendererMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (n: string): number => metrics.find((m) => m.name === n)?.value ?? NaN;
  return {
    ScriptDuration: get('ScriptDuration') * 1000,
    LayoutDuration: get('LayoutDuration') * 1000,
    RecalcStyleDuration: get('RecalcStyleDuration') * 1000,
    TaskDuration: get('TaskDuration') * 1000,
    JSHeapUsedSize: get('JSHeapUsedSize'),
    Nodes: get('Nodes'),
  };
}

export function metricsDelta(a: RendererMetrics, b: RendererMetrics): RendererMetrics {
  return {
    ScriptDuration: b.ScriptDuration - a.ScriptDuration,
    LayoutDuration: b.LayoutDuration - a.LayoutDuration,
    RecalcStyleDuration: b.RecalcStyleDuration - a.RecalcStyleDuration,
    TaskDuration: b.TaskDuration - a.TaskDuration,
    JSHeapUsedSize: b.JSHeapUsedSize - a.JSHeapUsedSize,
    Nodes: b.Nodes - a.Nodes,
  };
}

export async function pageCdp(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return cdp;
}

/**
 * Where the main thread that ran `frameId` spent its time: self time (ms) per event name, largest
 * first, with the frame each name's time was attributed to most ("chat", "host", "other").
 */
export function mainThreadProfile(events: TraceEvent[], frameIds: { inner: string; outer: string }, top = 10): Array<{ name: string; selfMs: number }> {
  const all = completeEvents(events);
  const any = all.find((e) => frameOf(e) === frameIds.inner && SCRIPT.has(e.name));
  if (!any) return [];
  const mine = all.filter((e) => e.pid === any.pid && e.tid === any.tid).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map<string, number>();
  const stack: Array<TraceEvent & { dur: number; child: number }> = [];
  const close = (upTo: number): void => {
    while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur <= upTo) {
      const e = stack.pop()!;
      const f = frameOf(e);
      const where = f === frameIds.inner ? 'chat' : f === frameIds.outer ? 'host' : f ? 'workbench' : '-';
      const key = `${e.name} [${where}]`;
      self.set(key, (self.get(key) ?? 0) + Math.max(0, e.dur - e.child));
    }
  };
  for (const e of mine) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += e.dur;
    stack.push({ ...e, child: 0 });
  }
  close(Infinity);
  return [...self.entries()]
    .map(([name, us]) => ({ name, selfMs: us / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}
