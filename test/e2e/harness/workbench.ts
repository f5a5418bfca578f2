// Process lifecycle: the real VS Code workbench (code-server) in headless Chromium, started with the
// extension installed like a user installs it (the .vsix from ./packaging, put into a fresh extensions
// folder by `code-server --install-extension`), restarted, screenshotted and stopped. If installing
// fails, the workbench loads the repository as extensionDevelopmentPath instead, and says so.
//
// Environment: CLAUDE_E2E_INSTALL=auto|vsix|dev (default auto; vsix makes a packaging failure fatal),
// CLAUDE_E2E_KEEP=1 (keep each run's temp folder), CLAUDE_HEADED=1 (visible browser; needs a display).
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../../runner/browser';
import { installExtension, launchCodeServer, type CodeServer } from '../../runner/codeServer';
import { copyFixtureWorkspace, makeTempDir, repoRoot, resultsDir, writeTestUserSettings } from '../../runner/env';
import { log } from './log';
import { ensureVsix, EXTENSION_ID } from './packaging';

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

/** Workbenches started and not yet stopped. */
const live = new Set<Workbench>();

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

/**
 * What the extension wrote to its Output channel ("Claude") in this workbench, every window load's
 * log in the order they were made: VS Code keeps each channel as a file under the user-data-dir.
 */
export function extensionLog(wb: Workbench): string {
  const logs = path.join(wb.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'Claude.log')
    .sort()
    .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
    .join('');
}
