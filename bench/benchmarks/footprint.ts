// Benchmark 4 (BENCHMARKS.md §4), footprint: the .vsix and its bundles, the activation events, loading
// dist/extension.js (and dist/features.js, what the first use loads) alone in Node 24
// (bench/requireTime.ts), and VS Code's own activation time: read after the first command, after each
// window reload of benchmark 5, and over BENCH_ACTIVATION_SAMPLES window loads of its own (default 5)
// beside an empty reference extension installed alongside (activationSamples).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { waitForWorkbench, type Workbench } from '../../test/e2e/harness/workbench';
import { runCommand } from '../../test/e2e/pages/palette';
import { installExtension } from '../../test/runner/codeServer';
import { findBinaries, repoRoot, waitFor } from '../../test/runner/env';
import { readZip } from '../../test/runner/zip';
import type { Report } from '../report';
import { fmtBytes, fmtMs, log, median } from '../util';

/** The extension and the reference as "Developer: Show Running Extensions" names them. */
const CLAUDE = 'Claude Assistant';
const REFERENCE = 'Bench Reference (empty extension)';

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
    sampledActivationMs: [],
    referenceActivationMs: [],
    bundleLoadMs: NaN,
    featuresLoadMs: NaN,
  };
  // Diagnostic: Node 24 alone loading the production bundle (vscode stubbed), 5 fresh processes.
  // Every dist/*.js is extracted (extension.js may require its siblings, e.g. a lazily loaded bundle).
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-bench-dist-'));
  for (const e of report.footprint.distJs) fs.writeFileSync(path.join(distDir, e.name), read(`extension/dist/${e.name}`));
  const { node24 } = findBinaries();
  const loadTimes = (name: string): number[] => {
    const loads: number[] = [];
    if (!report.footprint!.distJs.some((d) => d.name === name)) return loads;
    for (let i = 0; i < 5; i++) {
      const res = spawnSync(node24, [path.join(repoRoot(), 'out', 'bench', 'requireTime.js'), path.join(distDir, name)], { encoding: 'utf8', timeout: 60_000 });
      const m = /"loadMs":([\d.]+)/.exec(res.stdout ?? '');
      if (m) loads.push(Number(m[1]));
    }
    return loads;
  };
  const loads = loadTimes('extension.js');
  const featureLoads = loadTimes('features.js');
  fs.rmSync(distDir, { recursive: true, force: true });
  report.footprint.bundleLoadMs = median(loads);
  report.footprint.featuresLoadMs = featureLoads.length ? median(featureLoads) : NaN;
  const f = report.footprint;
  log(`footprint: loading dist/extension.js alone in Node ${fmtMs(f.bundleLoadMs, 1)} (median of ${loads.length}: ${loads.map((x) => x.toFixed(1)).join(', ')} ms)`);
  if (featureLoads.length) log(`footprint: loading dist/features.js (the first use) alone in Node ${fmtMs(f.featuresLoadMs, 1)} (median of ${featureLoads.length})`);
  log(`footprint: vsix ${fmtBytes(f.vsixBytes)} (${f.files} files); ${f.distJs.map((d) => `dist/${d.name} ${fmtBytes(d.bytes)}`).join(', ')}`);
  log(`activationEvents ${JSON.stringify(events)} (implicit ones come from the contributed commands and view); '*': ${f.starActivation ? 'YES' : 'no'}`);
}

/**
 * Activation time as VS Code measures it (code loading + the activate() call), read from
 * Developer: Show Running Extensions ("Activation: N ms" or "Startup Activation: N ms").
 */
export async function readActivationTime(page: Page): Promise<{ ms: number; label: string }> {
  return (await readActivationTimes(page, [CLAUDE]))[0]!;
}

/** Every activated extension's time that Running Extensions shows (for the log: how busy the host was). */
async function otherActivationTimes(page: Page): Promise<string> {
  const rows = await page
    .locator('.runtime-extensions-editor .monaco-list-row')
    .evaluateAll((els) => els.map((el) => [(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40), el.querySelector('.activation-time')?.textContent ?? ''] as const));
  return rows
    .filter(([, t]) => /\d+\s*ms/.test(t))
    .map(([name, t]) => `${/(\d+)\s*ms/.exec(t)![1]} ms ${name.replace(/\s*(Startup )?Activation:.*$/, '')}`)
    .join('; ');
}

/** The activation times of the named extensions, from one opening of Running Extensions. */
export async function readActivationTimes(page: Page, names: ReadonlyArray<string>): Promise<Array<{ ms: number; label: string }>> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const times: Array<{ ms: number; label: string }> = [];
  let row = page.locator('.runtime-extensions-editor .monaco-list-row').first();
  for (const name of names) {
    row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
    // The list is virtual and sorted by time: a row below the fold is not in the page until scrolled to.
    for (let attempt = 0; !(await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)); attempt++) {
      if (attempt === 10) await row.waitFor({ state: 'visible', timeout: 1000 }); // throws, naming the row
      if (attempt === 0) await page.locator('.runtime-extensions-editor .monaco-list-row').first().click();
      await page.keyboard.press('PageDown');
    }
    const label = await waitFor(
      `the activation time of ${name} in Running Extensions`,
      async () => {
        const t = ((await row.locator('.activation-time').textContent().catch(() => '')) ?? '').trim();
        return /\d+\s*ms/.test(t) ? t : '';
      },
      30_000,
      200,
    );
    times.push({ ms: Number(/(\d+)\s*ms/.exec(label)![1]), label });
  }
  log(`  running extensions: ${await otherActivationTimes(page).catch((e: Error) => e.message)}`);
  // 1.139 shows it as a modal editor: Escape closes it once it has the focus (else close it as an
  // editor). Whether it closed is the editor's own visibility: the row may be scrolled out of the list.
  const editor = page.locator('.runtime-extensions-editor');
  const hidden = (ms: number): Promise<boolean> => editor.first().waitFor({ state: 'hidden', timeout: ms }).then(
    () => true,
    () => false,
  );
  await page.keyboard.press('Escape');
  if (!(await hidden(3000))) {
    await row.click().catch(() => undefined);
    await page.keyboard.press('Escape');
  }
  if (!(await hidden(3000))) {
    await runCommand(page, 'View: Close Editor');
    await editor.first().waitFor({ state: 'hidden', timeout: 10_000 });
  }
  return times;
}

/**
 * An empty extension (activate() does nothing), activated on onStartupFinished like this one: what any
 * extension costs the extension host to activate on this machine, under the same load.
 */
function referenceVsix(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-bench-reference-'));
  const manifest = {
    name: 'bench-reference',
    displayName: REFERENCE,
    description: 'An empty extension: the reference for the activation time.',
    version: '0.0.1',
    publisher: 'claude-bench',
    license: 'MIT',
    engines: { vscode: '^1.106.0' },
    activationEvents: ['onStartupFinished'],
    main: './extension.js',
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = function () {};\nexports.deactivate = function () {};\n');
  fs.writeFileSync(path.join(dir, 'README.md'), '# Bench reference\n\nAn empty extension.\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const out = path.join(dir, 'reference.vsix');
  const vsce = path.join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
  const res = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0 || !fs.existsSync(out)) throw new Error(`could not package the reference extension: ${res.stdout}${res.stderr}`);
  return out;
}

/**
 * BENCH_ACTIVATION_SAMPLES (default 5) more activation times, each beside the reference extension's:
 * installs the reference, restarts code-server (one sample), then reloads the window for the others.
 * Runs last: the restart replaces wb.page and the webview frames.
 */
export async function activationSamples(wb: Workbench, report: Report): Promise<void> {
  const n = Math.max(1, Number(process.env.BENCH_ACTIVATION_SAMPLES || 5));
  const f = report.footprint!;
  installExtension(referenceVsix(), wb.codeServer.extensionsDir, wb.codeServer.userDataDir);
  for (let i = 0; i < n; i++) {
    if (i === 0) await wb.restart();
    else {
      await wb.page.reload({ waitUntil: 'domcontentloaded' });
      await waitForWorkbench(wb.page);
    }
    const [claude, reference] = await readActivationTimes(wb.page, [CLAUDE, REFERENCE]);
    f.activationMs.push(claude!.ms);
    f.sampledActivationMs.push(claude!.ms);
    f.referenceActivationMs.push(reference!.ms);
    log(`activation sample ${i + 1}/${n} (${i === 0 ? 'restart' : 'reload'}): ${claude!.label}; reference (empty extension): ${reference!.label}`);
  }
}
