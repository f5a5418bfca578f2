// Page object for text editors: opening a workspace file with quick open, the active tab, selecting
// lines with the keyboard and reading the cursor position from the status bar.
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../../runner/env';
import { dismiss, openQuickInputWith, pickRow, quickInput, quickInputRows } from './palette';
import { escapeRegExp } from './regexp';

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
