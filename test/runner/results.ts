// The JSON a test run writes (integration index inside the extension host, or the e2e runner)
// and how the runners print it.

export interface TestOutcome {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface RunResults {
  host: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: { passed: number; failed: number; pending: number; total: number };
  tests: TestOutcome[];
  failures: TestOutcome[];
}

/** Prints ✓/✗ per test, failure details, and a last line `<label>: N passed, M failed`. Returns the exit code. */
export function printResults(label: string, results: RunResults): number {
  const out: string[] = [];
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    const ms = t.durationMs !== undefined ? ` (${t.durationMs} ms)` : '';
    out.push(`  ${mark} ${t.fullTitle}${t.state === 'pending' ? ' (pending)' : ms}`);
  }
  if (results.failures.length) {
    out.push('', 'Failures:');
    results.failures.forEach((f, i) => {
      out.push(`  ${i + 1}) ${f.fullTitle}${f.file ? `  [${f.file}]` : ''}`);
      const msg = f.error?.message ?? '(no message)';
      out.push(...msg.split('\n').map((l) => `     ${l}`));
      if (f.error?.stack) {
        const stackLines = f.error.stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .slice(0, 8);
        out.push(...stackLines.map((l) => `     ${l.trim()}`));
      }
    });
  }
  const { passed, failed } = results.counts;
  out.push('', `${label}: ${passed} passed, ${failed} failed`);
  console.log(out.join('\n'));
  return failed > 0 || passed === 0 ? 1 : 0;
}

/** Builds RunResults from outcomes collected while mocha ran. */
export function summarize(host: string, startedAt: Date, tests: TestOutcome[]): RunResults {
  const finishedAt = new Date();
  const failures = tests.filter((t) => t.state === 'failed');
  return {
    host,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    counts: {
      passed: tests.filter((t) => t.state === 'passed').length,
      failed: failures.length,
      pending: tests.filter((t) => t.state === 'pending').length,
      total: tests.length,
    },
    tests,
    failures,
  };
}
