// Runs mocha programmatically and collects every outcome (tests, failing hooks, files that fail to load).
// Used by the integration index (inside the extension host) and by the e2e runner (plain Node).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import type { TestOutcome } from './results';

export interface MochaRunOptions {
  files: string[];
  timeoutMs: number;
  /** Only tests whose full title matches this (regexp source). */
  grep?: string;
  /** Mocha reporter for the console ('spec' by default). */
  reporter?: string;
  /** Called as each outcome is known. */
  onOutcome?: (outcome: TestOutcome) => void | Promise<void>;
  /** Root hooks, e.g. an afterEach that screenshots a failed test before its suite's after() closes the page. */
  rootHooks?: Mocha.RootHookObject;
}

/** Files under `dir` whose names end with `suffix`, sorted. */
export function findFiles(dir: string, suffix: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else if (entry.isFile() && entry.name.endsWith(suffix)) {
        found.push(p);
      }
    }
  };
  if (fs.existsSync(dir)) {
    walk(dir);
  }
  return found.sort();
}

function errorOf(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) {
    return { message: `${err.name !== 'Error' ? err.name + ': ' : ''}${err.message}`, stack: err.stack };
  }
  return { message: String(err) };
}

interface RunnableLike {
  title: string;
  fullTitle(): string;
  file?: string;
  duration?: number;
  type?: string;
}

export function runMocha(opts: MochaRunOptions): Promise<TestOutcome[]> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: opts.timeoutMs,
    color: false,
    reporter: opts.reporter ?? 'spec',
    rootHooks: opts.rootHooks,
  });
  if (opts.grep) {
    mocha.grep(new RegExp(opts.grep));
  }
  for (const f of opts.files) {
    // Fresh copies, so a second run in the same process (e.g. a reused extension host) sees the tests again.
    delete require.cache[require.resolve(f)];
    mocha.addFile(f);
  }
  const outcomes: TestOutcome[] = [];
  const pending: Promise<unknown>[] = [];
  const record = (o: TestOutcome): void => {
    outcomes.push(o);
    if (opts.onOutcome) {
      pending.push(Promise.resolve(opts.onOutcome(o)).catch(() => undefined));
    }
  };
  const outcome = (r: RunnableLike, state: TestOutcome['state'], err?: unknown): TestOutcome => ({
    title: r.title,
    fullTitle: r.fullTitle(),
    file: r.file,
    state,
    durationMs: r.duration,
    error: err === undefined ? undefined : errorOf(err),
  });

  return new Promise<TestOutcome[]>((resolve) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => {
        void Promise.all(pending).then(() => resolve(outcomes));
      });
    } catch (err) {
      // A test file threw while loading: report it as a failure instead of losing the run.
      record({
        title: 'loading test files',
        fullTitle: 'loading test files',
        state: 'failed',
        error: errorOf(err),
      });
      void Promise.all(pending).then(() => resolve(outcomes));
      return;
    }
    runner.on('pass', (test: RunnableLike) => record(outcome(test, 'passed')));
    runner.on('pending', (test: RunnableLike) => record(outcome(test, 'pending')));
    runner.on('fail', (test: RunnableLike, err: unknown) => {
      const o = outcome(test, 'failed', err);
      if (test.type === 'hook') {
        o.title = test.title;
        o.fullTitle = test.fullTitle();
      }
      record(o);
    });
  });
}
