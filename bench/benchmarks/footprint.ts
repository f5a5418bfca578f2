// Benchmark 4 (BENCHMARKS.md §4), footprint: the .vsix and its bundles, the activation events, loading
// dist/extension.js alone in Node 24 (bench/requireTime.ts), and VS Code's own activation time, read
// after the first command and after each window reload of benchmark 5.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { runCommand } from '../../test/e2e/pages/palette';
import { findBinaries, repoRoot, waitFor } from '../../test/runner/env';
import { readZip } from '../../test/runner/zip';
import type { Report } from '../report';
import { fmtBytes, fmtMs, log, median } from '../util';

/** The static part: the .vsix's size and contents, its activation events, and loading its bundle in Node. */
export async function footprint(report: Report, vsix: string): Promise<void> {
  const files = await readZip(vsix);
  const size = (name: string): number => files.get(name)?.length ?? NaN;
  const read = (name: string): Buffer => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`${vsix}: no entry ${name}`);
    return bytes;
  };
  const pkg = JSON.parse(read('extension/package.json').toString('utf8')) as {
    activationEvents?: string[];
    main?: string;
  };
  const events = pkg.activationEvents ?? [];
  report.footprint = {
    vsixBytes: fs.statSync(vsix).size,
    extensionJsBytes: size('extension/dist/extension.js'),
    webviewJsBytes: size('extension/dist/webview.js'),
    files: files.size,
    distJs: [...files]
      .filter(([name]) => /^extension\/dist\/[^/]+\.js$/.test(name))
      .map(([name, bytes]) => ({ name: name.slice('extension/dist/'.length), bytes: bytes.length })),
    activationEvents: events,
    starActivation: events.some((e) => e === '*' || e === 'onStartupFinished'),
    activationMs: [],
    bundleLoadMs: NaN,
  };
  // Diagnostic: Node 24 alone loading the production bundle (vscode stubbed), 5 fresh processes.
  // Every dist/*.js is extracted (extension.js may require its siblings, e.g. a lazily loaded bundle).
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-bench-dist-'));
  for (const e of report.footprint.distJs) fs.writeFileSync(path.join(distDir, e.name), read(`extension/dist/${e.name}`));
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
export async function readActivationTime(page: Page): Promise<{ ms: number; label: string }> {
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
