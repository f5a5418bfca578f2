// Page object for the quick input: the command palette (F1), quick open (Ctrl+P), go to line (Ctrl+G)
// and the input boxes and quick picks that commands open.
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../../runner/env';

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
export async function pickRow(page: Page, label: string | RegExp, timeoutMs: number): Promise<boolean> {
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
export async function openQuickInputWith(page: Page, key: string): Promise<Locator> {
  const widget = quickInput(page);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
  // Right after the window loads a key can go nowhere (nothing has focus yet): press it again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const shown = await widget.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    if (attempt === 4) throw new Error(`the quick input did not open after pressing ${key} ${attempt} times`);
  }
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
