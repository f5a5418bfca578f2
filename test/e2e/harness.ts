// End-to-end helpers: the real VS Code workbench (code-server) in headless Chromium, driven the way a
// person uses it: command palette, quick open, keyboard selection, editor context menus, webviews.
//
// The extension is installed like a user installs it: `npm run package` builds claude-assistant.vsix
// (once per process) and `code-server --install-extension` puts it into a fresh extensions folder.
// If that fails, the workbench loads the repository as extensionDevelopmentPath instead, and says so.
//
// Environment: CLAUDE_E2E_VSIX=<file> (use this .vsix, skip `npm run package`),
// CLAUDE_E2E_INSTALL=auto|vsix|dev (default auto; vsix makes a packaging failure fatal),
// CLAUDE_E2E_KEEP=1 (keep each run's temp folder), CLAUDE_HEADED=1 (visible browser; needs a display).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../runner/browser';
import { installExtension, launchCodeServer, type CodeServer } from '../runner/codeServer';
import { copyFixtureWorkspace, makeTempDir, repoRoot, resultsDir, sleep, writeTestUserSettings } from '../runner/env';

export const EXTENSION_ID = 'claude-assistant-dev.claude-assistant';

export type InstallMode = 'vsix' | 'extensionDevelopmentPath';

export interface StartOptions {
  /** Extra environment for code-server and the extension host (e.g. ANTHROPIC_BASE_URL of a fake server). */
  env?: Record<string, string | undefined>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Reuse a user-data-dir (e.g. to check that SecretStorage survives a restart). Default: fresh. */
  userDataDir?: string;
  /** Reuse a workspace folder. Default: a fresh copy of test/fixtures/<fixture>. */
  workspace?: string;
  fixture?: string;
  /** auto (default, or $CLAUDE_E2E_INSTALL): vsix, falling back to extensionDevelopmentPath. */
  install?: 'auto' | 'vsix' | 'dev';
  /** Used in log file names. */
  label?: string;
  /** code-server port (default: a free one). */
  port?: number;
  /** Chromium profile folder (default: a fresh one in the run's temp folder). */
  browserProfileDir?: string;
}

export interface Workbench {
  page: Page;
  codeServer: CodeServer;
  browser: BrowserSession;
  workspace: string;
  userDataDir: string;
  browserProfileDir: string;
  installMode: InstallMode;
  /**
   * Restarts code-server and the browser as a person restarting VS Code would: same port (so the same
   * browser origin), user-data-dir, browser profile, workspace and extensions. `page`, `codeServer`
   * and `browser` are replaced: read them again afterwards.
   * In code-server, SecretStorage lives in the browser's storage for the origin, so the API key
   * survives this restart only because the port and the browser profile are kept.
   */
  restart(): Promise<void>;
  /** Saves test-results/screenshots/<name>.png, prints and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser and kills code-server. */
  stop(): Promise<void>;
}

const live = new Set<Workbench>();

function log(msg: string): void {
  console.log(`    [e2e] ${msg}`);
}

function slug(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(resultsDir('screenshots'), `${slug(name)}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  console.log(`    screenshot: ${file}`);
  return file;
}

/** Screenshots every workbench still open (used by the e2e runner when a test fails). */
export async function screenshotAll(name: string): Promise<string[]> {
  const files: string[] = [];
  let i = 0;
  for (const wb of live) {
    try {
      files.push(await wb.screenshot(live.size > 1 ? `${name}-${++i}` : name));
    } catch {
      /* page may be gone */
    }
  }
  return files;
}

export async function stopAllWorkbenches(): Promise<void> {
  for (const wb of [...live]) {
    await wb.stop().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- packaging and installing

let vsixResult: { vsix?: string; error?: string } | undefined;

/** Builds claude-assistant.vsix with `npm run package` once per process (or takes $CLAUDE_E2E_VSIX). */
export function ensureVsix(): { vsix?: string; error?: string } {
  if (vsixResult) {
    return vsixResult;
  }
  const given = process.env.CLAUDE_E2E_VSIX;
  if (given) {
    vsixResult = fs.existsSync(given) ? { vsix: path.resolve(given) } : { error: `CLAUDE_E2E_VSIX=${given} does not exist` };
    return vsixResult;
  }
  const root = repoRoot();
  const vsix = path.join(root, 'claude-assistant.vsix');
  const logFile = path.join(resultsDir(), 'e2e-package.log');
  const started = Date.now();
  log('packaging the extension: npm run package …');
  fs.rmSync(vsix, { force: true });
  const res = spawnSync('npm', ['run', 'package'], {
    cwd: root,
    encoding: 'utf8',
    // No stdin: a vsce prompt ("continue? [y/N]") must fail, not hang.
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(logFile, `${res.stdout ?? ''}\n--- stderr ---\n${res.stderr ?? ''}`);
  if (res.status === 0 && fs.existsSync(vsix)) {
    log(`packaged ${vsix} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    vsixResult = { vsix };
  } else {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    vsixResult = {
      error: `npm run package failed (exit ${res.status ?? res.error?.message}); log ${logFile}:\n${tail}`,
    };
  }
  return vsixResult;
}

// ---------------------------------------------------------------- starting the workbench

/** Waits until the workbench shows its parts (and the explorer lists the folder, when one is open). */
export async function waitForWorkbench(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.activitybar, .activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
  const explorerRow = page.locator('.explorer-folders-view .monaco-list-row').first();
  await explorerRow.waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => undefined);
}

export async function startWorkbench(opts: StartOptions = {}): Promise<Workbench> {
  const label = opts.label ?? 'e2e';
  const tmp = makeTempDir('claude-e2e-');
  const workspace = opts.workspace ?? copyFixtureWorkspace(tmp, opts.fixture);
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'user');
  const extensionsDir = path.join(tmp, 'exts');
  writeTestUserSettings(userDataDir, opts.settings);

  const want = opts.install ?? ((process.env.CLAUDE_E2E_INSTALL as StartOptions['install']) || 'auto');
  let installMode: InstallMode = 'extensionDevelopmentPath';
  if (want !== 'dev') {
    const { vsix, error } = ensureVsix();
    let failure = error;
    if (vsix) {
      try {
        installExtension(vsix, extensionsDir, userDataDir);
        const installed = fs.readdirSync(extensionsDir).filter((d) => d.toLowerCase().startsWith(EXTENSION_ID));
        if (installed.length === 0) {
          throw new Error(`no ${EXTENSION_ID}-* folder in ${extensionsDir} after installing`);
        }
        installMode = 'vsix';
      } catch (err) {
        failure = (err as Error).message;
      }
    }
    if (installMode !== 'vsix') {
      if (want === 'vsix') {
        throw new Error(`installing the extension from a .vsix failed: ${failure}`);
      }
      log(`FALLBACK: could not install the .vsix (${failure?.split('\n')[0]}); loading the repository as extensionDevelopmentPath`);
    }
  }
  log(`extension installed via ${installMode === 'vsix' ? '.vsix (code-server --install-extension)' : 'extensionDevelopmentPath'}`);

  const browserProfileDir = opts.browserProfileDir ?? path.join(tmp, 'browser');
  const boot = async (port?: number): Promise<{ codeServer: CodeServer; browser: BrowserSession }> => {
    const codeServer = await launchCodeServer({ workspace, env: opts.env, userDataDir, extensionsDir, label, port });
    let url = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}`;
    if (installMode === 'extensionDevelopmentPath') {
      const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${codeServer.port}${repoRoot()}`]];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    const consoleLog = path.join(resultsDir(), `${label}-browser.log`);
    fs.appendFileSync(consoleLog, `--- ${new Date().toISOString()} ${url}\n`);
    try {
      const browser = await openBrowser(url, {
        profileDir: browserProfileDir,
        beforeGoto: (page) => {
          page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text().replace(/%c\s*/g, '')}\n`));
          page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
        },
      });
      try {
        await waitForWorkbench(browser.page);
      } catch (err) {
        await browser.close();
        throw err;
      }
      return { codeServer, browser };
    } catch (err) {
      await codeServer.stop().catch(() => undefined);
      throw new Error(`the workbench did not load: ${(err as Error).message}; see ${codeServer.logFile}, ${consoleLog}`);
    }
  };

  const first = await boot(opts.port);
  let stopped = false;
  const wb: Workbench = {
    page: first.browser.page,
    codeServer: first.codeServer,
    browser: first.browser,
    workspace,
    userDataDir,
    browserProfileDir,
    installMode,
    screenshot: (name) => saveScreenshot(wb.page, name),
    restart: async () => {
      const port = wb.codeServer.port;
      await wb.browser.close();
      await wb.codeServer.stop();
      const next = await boot(port);
      wb.page = next.browser.page;
      wb.codeServer = next.codeServer;
      wb.browser = next.browser;
    },
    stop: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      live.delete(wb);
      await wb.browser.close();
      await wb.codeServer.stop();
      if (process.env.CLAUDE_E2E_KEEP === '1') {
        log(`kept ${tmp}`);
      } else {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
  live.add(wb);
  return wb;
}

// ---------------------------------------------------------------- quick input (command palette, quick open)

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Labels of the rows the quick input shows now. */
export async function quickInputRows(page: Page): Promise<string[]> {
  return quickInput(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? (r as unknown as { innerText: string }).innerText).trim()));
}

/**
 * Waits for a row matching `label` and picks it: Enter when it is the focused row (as a person
 * would), else a click. The list re-renders while results arrive, so the row is looked up again
 * on every try rather than held as a locator. Returns whether a row was picked.
 */
async function pickRow(page: Page, label: string | RegExp, timeoutMs: number): Promise<boolean> {
  const matches = (aria: string): boolean =>
    typeof label === 'string' ? aria === label || aria.startsWith(`${label},`) : label.test(aria);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = quickInput(page).locator('.monaco-list-row');
    const found = await rows
      .evaluateAll((rs) => rs.map((r) => ({ aria: (r.getAttribute('aria-label') ?? '').trim(), focused: r.classList.contains('focused') })))
      .catch(() => [] as Array<{ aria: string; focused: boolean }>);
    const i = found.findIndex((r) => matches(r.aria));
    if (i >= 0) {
      if (found[i]!.focused) {
        await page.keyboard.press('Enter');
        return true;
      }
      const clicked = await rows
        .nth(i)
        .click({ timeout: 2000 })
        .then(() => true)
        .catch(() => false);
      if (clicked) return true;
    }
    await sleep(150);
  }
  return false;
}

/** Opens the quick input with `key` (F1, Control+P, Control+G …) and waits for it. */
async function openQuickInputWith(page: Page, key: string): Promise<Locator> {
  const widget = quickInput(page);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
  await page.keyboard.press(key);
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
  return widget;
}

/** Presses F1, types `filter` and returns the labels of the commands the palette then lists. */
export async function listCommands(page: Page, filter: string, settleMs = 800): Promise<string[]> {
  await openQuickInputWith(page, 'F1');
  await page.keyboard.type(filter, { delay: 10 });
  await sleep(settleMs);
  const rows = await quickInputRows(page);
  return rows.map((r) => r.replace(/, (similar commands|recently used|other commands|.*\+.*)$/, ''));
}

/** Closes whatever quick input or menu is open. */
export async function dismiss(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await sleep(200);
}

/**
 * Runs a command like a person: F1, types its title, waits until the palette lists exactly that
 * command and picks it. Does not wait for the command to finish (it may open an input box).
 */
export async function runCommand(page: Page, title: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    await openQuickInputWith(page, 'F1');
    await page.keyboard.type(title, { delay: 10 });
    if (await pickRow(page, title, Math.min(5000, Math.max(500, deadline - Date.now())))) {
      return;
    }
    seen = await quickInputRows(page);
    // Contributed commands appear once the extension is registered; try again on a fresh palette.
  }
  await dismiss(page);
  throw new Error(`command "${title}" not found in the command palette; it listed: ${JSON.stringify(seen.slice(0, 10))}`);
}

/** Answers an input box / quick pick that a command opened: types `text` and presses Enter. */
export async function answerQuickInput(page: Page, text: string, opts: { submit?: boolean } = {}): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  const input = widget.locator('input').first();
  await input.fill('');
  await page.keyboard.type(text, { delay: 5 });
  if (opts.submit !== false) {
    await page.keyboard.press('Enter');
  }
}

// ---------------------------------------------------------------- editors

/** The active editor tab locator. */
export function activeTab(page: Page): Locator {
  return page.locator('.part.editor .tabs-container .tab.active').filter({ visible: true }).first();
}

/** Opens a workspace file with Ctrl+P (quick open), as a person would, and waits for its editor. */
export async function openFile(page: Page, relPath: string, timeoutMs = 30_000): Promise<void> {
  const base = path.basename(relPath);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openQuickInputWith(page, 'Control+P');
    await page.keyboard.type(relPath, { delay: 10 });
    // Quick open fills in results a moment after typing: pick the row only once it is there.
    if (await pickRow(page, new RegExp(`^${escapeRegExp(base)}(,|$)`), Math.min(8000, deadline - Date.now()))) {
      break;
    }
    if (Date.now() > deadline) {
      const rows = await quickInputRows(page);
      await dismiss(page);
      throw new Error(`quick open found no "${relPath}"; it listed ${JSON.stringify(rows)}`);
    }
  }
  await page
    .locator(`.part.editor .tabs-container .tab.active[aria-label^="${base.replace(/"/g, '\\"')}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: Math.max(5000, deadline - Date.now()) });
  await page.locator('.part.editor .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 10_000 });
}

/** The `Ln x, Col y (n selected)` text of the status bar. */
export async function cursorStatus(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
  return (await item.innerText().catch(() => '')).trim();
}

/**
 * Selects whole lines `start`..`end` (1-based, inclusive) of the focused editor with the keyboard:
 * Ctrl+G to the first line, then Shift+Down and Shift+End. Verifies the result in the status bar.
 */
export async function selectLines(page: Page, start: number, end: number): Promise<void> {
  if (end < start) {
    throw new Error(`selectLines: end ${end} < start ${start}`);
  }
  await openQuickInputWith(page, 'Control+G');
  await page.keyboard.type(String(start), { delay: 10 });
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: 5000 });
  await page.locator('.part.editor .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 5000 });
  for (let i = start; i < end; i++) {
    await page.keyboard.press('Shift+ArrowDown');
  }
  await page.keyboard.press('Shift+End');
  const deadline = Date.now() + 5000;
  let status = '';
  while (Date.now() < deadline) {
    status = await cursorStatus(page);
    if (new RegExp(`^Ln ${end}, Col \\d+ \\(\\d+ selected\\)`).test(status)) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`selecting lines ${start}-${end} failed: the status bar says "${status}"`);
}

/**
 * Opens the editor's context menu. With a selection, right-clicks inside it (which keeps it);
 * otherwise right-clicks the cursor line. Falls back to Shift+F10.
 */
export async function openEditorContextMenu(page: Page): Promise<Locator> {
  const menu = page.locator('.context-view .monaco-menu').first();
  const editor = page.locator('.part.editor .monaco-editor.focused').first();
  // The selection is drawn under the text layer: right-click at its place on screen, like a person.
  const selected = editor.locator('.view-overlays .selected-text').filter({ visible: true }).first();
  const target = (await selected.count()) > 0 ? selected : editor.locator('.view-overlays .current-line').first();
  try {
    const box = await target.boundingBox({ timeout: 5000 });
    if (!box || box.width < 2 || box.height < 2) {
      throw new Error('nothing to right-click');
    }
    await page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { button: 'right' });
    await menu.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    await page.keyboard.press('Shift+F10');
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
  }
  return menu;
}

/** Labels of the items of the open context menu(s), submenus included. */
export async function menuItems(page: Page): Promise<string[]> {
  return page
    .locator('.context-view .action-menu-item .action-label')
    .filter({ visible: true })
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
}

/**
 * Clicks through an open context menu: every label but the last opens a submenu, the last is clicked.
 * e.g. clickMenuPath(page, ['Claude', 'Explain Selection']).
 */
export async function clickMenuPath(page: Page, labels: string[]): Promise<void> {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const item = page
      .locator('.context-view .action-menu-item')
      .filter({ has: page.locator('.action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .filter({ visible: true })
      .last();
    try {
      await item.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      const items = await menuItems(page);
      await dismiss(page);
      throw new Error(`menu item "${label}" (${labels.slice(0, i + 1).join(' > ')}) not found; the menu shows ${JSON.stringify(items)}`);
    }
    // A menu item reacts to mouse-up only ~100 ms after it is rendered: let it settle first.
    await sleep(250);
    if (i < labels.length - 1) {
      const next = labels[i + 1];
      const nextItem = page
        .locator('.context-view .action-menu-item .action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(next)}\\s*$`) })
        .filter({ visible: true });
      await item.hover();
      await item.click();
      if (!(await nextItem.first().isVisible())) {
        // Submenus open on hover after a delay, on click, or with ArrowRight on the focused item.
        await nextItem.first().waitFor({ state: 'visible', timeout: 3000 }).catch(async () => {
          await item.focus();
          await page.keyboard.press('ArrowRight');
        });
      }
    } else {
      const menu = page.locator('.context-view .monaco-menu').first();
      await item.click();
      const closed = await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (!closed) {
        // The click landed while the item was not yet listening: choose it with the keyboard.
        await item.hover();
        await page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden', timeout: 7000 });
      }
    }
  }
}

// ---------------------------------------------------------------- webviews

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function visibleBox(loc: Locator): Promise<Box | undefined> {
  if ((await loc.count()) === 0 || !(await loc.first().isVisible())) {
    return undefined;
  }
  return (await loc.first().boundingBox()) ?? undefined;
}

/** A view contributed in package.json, by id: its display name and view container id. */
function contributedView(id: string): { name: string; container: string } | undefined {
  if (/\s/.test(id)) {
    return undefined;
  }
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: { views?: Record<string, { id: string; name?: string }[]> };
  };
  for (const [container, views] of Object.entries(pkg.contributes?.views ?? {})) {
    const v = views.find((x) => x.id === id);
    if (v) {
      return { name: localize(root, v.name) ?? id, container };
    }
  }
  return undefined;
}

/** Resolves a package.json "%key%" string from package.nls.json. */
function localize(root: string, s: string | undefined): string | undefined {
  const m = s === undefined ? undefined : /^%(.+)%$/.exec(s);
  if (!m) {
    return s;
  }
  const nlsFile = path.join(root, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string | { message: string }>) : {};
  const v = nls[m[1]];
  return typeof v === 'string' ? v : (v?.message ?? s);
}

/** Where a webview with this editor title / view title / view-container id is shown, if anywhere. */
async function webviewHostBox(page: Page, titleOrViewId: string): Promise<Box | undefined> {
  const lower = titleOrViewId.toLowerCase();
  // 1. An editor tab (webview panels): aria-label is "<title>, <group>" or the visible label.
  const tabs = page.locator('.part.editor .tabs-container .tab');
  const tabLabels = await tabs.evaluateAll((ts) =>
    ts.map((t) => [(t.getAttribute('aria-label') ?? '').trim(), (t.querySelector('.label-name')?.textContent ?? '').trim()]),
  );
  const ti = tabLabels.findIndex(
    ([aria, name]) => name === titleOrViewId || aria === titleOrViewId || aria.startsWith(`${titleOrViewId},`),
  );
  if (ti >= 0) {
    const tab = tabs.nth(ti);
    if (!((await tab.getAttribute('class')) ?? '').split(/\s+/).includes('active')) {
      await tab.click();
    }
    const group = tab.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " editor-group-container ")][1]');
    return visibleBox(group.locator('.editor-container'));
  }
  // 2. A view pane whose header reads "<title> Section" (hidden when it is its container's only view),
  //    or a view id from package.json contributes.views (resolved to its name and container).
  const view = contributedView(titleOrViewId);
  const names = [lower, ...(view ? [view.name.toLowerCase()] : [])];
  const headers = page.locator('.pane-header');
  const headerLabels = await headers.evaluateAll((hs) => hs.map((h) => (h.getAttribute('aria-label') ?? '').trim().toLowerCase()));
  const hi = headerLabels.findIndex((a) => names.some((n) => a === n || a === `${n} section`));
  if (hi >= 0) {
    const pane = headers.nth(hi).locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " pane ")][1]');
    const box = await visibleBox(pane.locator('.pane-body'));
    if (box) {
      return box;
    }
  }
  if (view) {
    const box = await visibleBox(page.locator(`[id="workbench.view.extension.${view.container}"]`));
    if (box) {
      return box;
    }
  }
  // 3. A view container by id ("workbench.view.extension.<id>" or just "<id>").
  for (const id of [titleOrViewId, `workbench.view.extension.${titleOrViewId}`]) {
    const box = await visibleBox(page.locator(`[id="${id.replace(/"/g, '\\"')}"]`));
    if (box) {
      return box;
    }
  }
  // 4. A side bar / panel whose title reads the title (single-view containers show no pane header).
  const parts = page.locator('.part.sidebar, .part.auxiliarybar, .part.panel').filter({ visible: true });
  const partTitles = await parts.evaluateAll((ps) =>
    ps.map((p) => (p.querySelector('.composite.title .title-label')?.textContent ?? '').trim().toLowerCase()),
  );
  // Single-view containers read "<Container>: <View>".
  const pi = partTitles.findIndex((t) => t === lower || t.startsWith(`${lower}:`) || t.endsWith(`: ${lower}`));
  if (pi >= 0) {
    return visibleBox(parts.nth(pi).locator('.content'));
  }
  return undefined;
}

/**
 * The inner frame (the extension's HTML) of the webview shown as editor tab `titleOrViewId`, or in the
 * view pane / view container / side bar of that title or id, or of a view id from package.json
 * (e.g. 'claude.chat'; the view must be open: e.g. runCommand(page, 'Claude: Focus on Chat View')).
 * Webviews are nested iframes: an outer `iframe.webview` laid over the editor or view, holding
 * `#active-frame`. Call again if the extension replaces its HTML (the inner frame is then a new one).
 */
export async function webviewFrame(page: Page, titleOrViewId: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not found';
  while (Date.now() < deadline) {
    const host = await webviewHostBox(page, titleOrViewId);
    if (!host) {
      why = `no editor tab, view or view container "${titleOrViewId}" is visible`;
    } else {
      const iframes = page.locator('iframe.webview').filter({ visible: true });
      const n = await iframes.count();
      let best: { i: number; area: number } | undefined;
      for (let i = 0; i < n; i++) {
        const b = await iframes.nth(i).boundingBox();
        if (!b) {
          continue;
        }
        const w = Math.min(b.x + b.width, host.x + host.width) - Math.max(b.x, host.x);
        const h = Math.min(b.y + b.height, host.y + host.height) - Math.max(b.y, host.y);
        const area = w > 0 && h > 0 ? w * h : 0;
        if (area > 0 && (!best || area > best.area)) {
          best = { i, area };
        }
      }
      if (!best) {
        why = `"${titleOrViewId}" is visible but no webview iframe is laid over it (${n} visible webview iframes)`;
      } else {
        const outer = await (await iframes.nth(best.i).elementHandle())?.contentFrame();
        const innerEl = outer ? await outer.$('iframe#active-frame') : null;
        const inner = innerEl ? await innerEl.contentFrame() : null;
        if (inner) {
          await inner.waitForLoadState('domcontentloaded').catch(() => undefined);
          if (await inner.$('body')) {
            return inner;
          }
        }
        why = 'the webview has not loaded its content (#active-frame) yet';
      }
    }
    await sleep(250);
  }
  throw new Error(`webviewFrame("${titleOrViewId}"): ${why} after ${timeoutMs / 1000} s`);
}

/** Waits until the frame's (or page's) visible text contains `text` (string or RegExp); returns that text. */
export async function waitForText(frame: Frame | Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if ('isDetached' in frame && frame.isDetached()) {
      throw new Error(`waitForText(${String(text)}): the frame was detached (the webview reloaded?); get it again with webviewFrame()`);
    }
    last = await frame
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => last);
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) {
      return last;
    }
    await sleep(200);
  }
  const shown = last.length > 600 ? `${last.slice(0, 600)}…` : last;
  throw new Error(`text ${JSON.stringify(String(text))} did not appear in ${timeoutMs / 1000} s; the text is:\n${shown}`);
}

/** Texts of the visible notification toasts. */
export async function notifications(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-toast')
    .filter({ visible: true })
    .evaluateAll((ns) => ns.map((n) => (n as unknown as { innerText: string }).innerText.trim()));
}

/** Reads package.json contributes.commands as the palette shows them ("Category: Title", %nls% keys resolved). */
export function contributedCommandTitles(): { command: string; title: string; hidden: boolean }[] {
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: {
      commands?: { command: string; title: string; category?: string }[];
      menus?: { commandPalette?: { command: string; when?: string }[] };
    };
  };
  // Commands with a commandPalette `when` are shown only in some contexts: not expected in the palette.
  const conditional = new Set((pkg.contributes?.menus?.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
  return (pkg.contributes?.commands ?? []).map((c) => {
    const title = localize(root, c.title) ?? c.command;
    const category = localize(root, c.category);
    return { command: c.command, title: category ? `${category}: ${title}` : title, hidden: conditional.has(c.command) };
  });
}

// ---------------------------------------------------------------- the extension's own surfaces

/** Polls `probe` until it is true. */
export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Sets the API key as a person does: "Claude: Set API Key", typed into the password box. */
export async function setApiKey(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Claude: Set API Key');
  const password = page.locator('.quick-input-widget input[type="password"]');
  await password.waitFor({ state: 'visible', timeout: 10_000 });
  await password.pressSequentially(key, { delay: 5 });
  await sleep(300); // the box validates the key as it is typed
  await password.press('Enter');
  await password.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Opens the chat view and returns its webview frame. */
export async function chatFrame(page: Page): Promise<Frame> {
  await runCommand(page, 'Claude: Focus on Chat View');
  return webviewFrame(page, 'claude.chat');
}

/** Types a message into the chat and presses Enter. */
export async function sendChat(frame: Frame, text: string): Promise<void> {
  const input = frame.locator('textarea.input');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}
