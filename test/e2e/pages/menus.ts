// Page object for context menus: the editor's right-click menu, its items and submenus.
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../../runner/env';
import { dismiss } from './palette';
import { escapeRegExp } from './regexp';

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
