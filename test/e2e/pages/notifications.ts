// Page object for the workbench's notification toasts.
import type { Page } from 'playwright-core';

/** Texts of the visible notification toasts. */
export async function notifications(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-toast')
    .filter({ visible: true })
    .evaluateAll((ns) => ns.map((n) => (n as unknown as { innerText: string }).innerText.trim()));
}
