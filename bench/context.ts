// What every benchmark gets (the workbench, the fake server, the page's CDP session, the chat frame,
// the report it fills in) and arm(), which queues the fake server's next reply.
import type { CDPSession, Frame } from 'playwright-core';
import type { ReplyScript } from '../test/fake-anthropic/server';
import type { Workbench } from '../test/e2e/harness/workbench';
import type { Report } from './report';
import type { BenchServer } from './server';
import { log } from './util';

export interface Ctx {
  wb: Workbench;
  server: BenchServer;
  cdp: CDPSession;
  frame: Frame;
  report: Report;
}

/** A benchmark measured in the running workbench. */
export interface Benchmark {
  /** Its name in BENCH_ONLY. */
  name: string;
  run(ctx: Ctx): Promise<void>;
}

/** Problems arm() noticed (stray or retried requests), reported as notes. */
export const anomalies: string[] = [];
let armedFor: string | undefined;

/**
 * Queues the fake server's next reply, after checking that the previous one was consumed by exactly
 * one request (a retry or a stray request would shift every later reply). The queue is cleared
 * first, so a shift never carries over.
 */
export function arm(server: BenchServer, script: ReplyScript, label: string): void {
  if (armedFor !== undefined) {
    const posts = server.fake.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages').length;
    if (posts !== 1) {
      const msg = `${armedFor}: the fake server saw ${posts} message requests instead of 1`;
      anomalies.push(msg);
      log(`WARNING ${msg}`);
    }
  }
  // A chat's message thread outlives each send, as the API holds it between requests.
  server.fake.reset({ keepThreads: true });
  server.fake.enqueue(script);
  armedFor = label;
}

/** Forgets the last arm() (for a benchmark that queues replies itself, e.g. around VS Code's own chat). */
export function disarm(): void {
  armedFor = undefined;
}
