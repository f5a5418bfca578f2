// Debian's Chromium driven by playwright-core (never `playwright install`: no browser downloads here).
import * as fs from 'fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CLAUDE_CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  /** Undefined for a persistent profile (profileDir): close the context instead. */
  browser: Browser | undefined;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Default true; set CLAUDE_HEADED=1 to watch (needs a display). */
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** page.goto timeout (default 60 s). */
  gotoTimeoutMs?: number;
  /**
   * A Chromium profile folder to keep the browser's storage in (launchPersistentContext). The web
   * workbench keeps SecretStorage in the browser's storage for its origin, so a test of "the key
   * survives a restart" reuses this folder and the code-server port. Default: a throwaway profile.
   */
  profileDir?: string;
  /** Called before navigation, e.g. to expose functions or listen to console messages. */
  beforeGoto?: (page: Page) => Promise<void> | void;
}

/** Launches Chromium, opens `url` in a fresh context and returns the page. Throws clearly when Chromium cannot start. */
export async function openBrowser(url: string, opts: OpenOptions = {}): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run scripts/setup-code-server.sh (it installs Debian's chromium)`,
    );
  }
  const launch = {
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? process.env.CLAUDE_HEADED !== '1',
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  };
  const contextOptions = {
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    // The workbench reads the clipboard for some commands; allow it so no permission prompt blocks.
    permissions: ['clipboard-read', 'clipboard-write'],
  };
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  try {
    if (opts.profileDir) {
      fs.mkdirSync(opts.profileDir, { recursive: true });
      context = await chromium.launchPersistentContext(opts.profileDir, { ...launch, ...contextOptions });
      page = context.pages()[0] ?? (await context.newPage());
    } else {
      browser = await chromium.launch(launch);
      context = await browser.newContext(contextOptions);
      page = await context.newPage();
    }
  } catch (err) {
    throw new Error(`Chromium (${CHROMIUM_PATH}) could not start: ${(err as Error).message}`);
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) {
      return;
    }
    closed = true;
    await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
  };
  try {
    if (opts.beforeGoto) {
      await opts.beforeGoto(page);
    }
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.gotoTimeoutMs ?? 60_000 });
  } catch (err) {
    await close();
    throw new Error(`Chromium could not open ${url}: ${(err as Error).message}`);
  }
  return { browser, context, page, close };
}
