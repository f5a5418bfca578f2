// Page object for VS Code's own Chat view (not the extension's webview): open it, start a new chat,
// pick the mode (Ask / Agent / Plan) and the model in the input's toolbar, type and send a message,
// read the responses and the "N file(s) changed · Keep · Undo" bar of an agent's edits.
// Verified on code-server 4.139.1 (VS Code 1.139); see /work/shared/reference/native-chat.md.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../../runner/env';
import { runCommand } from './palette';
import { escapeRegExp } from './regexp';

/** The Chat view's input part (the Monaco editor, its attachments and toolbars) in the secondary side bar. */
export function nativeChatInput(page: Page): Locator {
  return page.locator('.part.auxiliarybar .interactive-input-part').filter({ visible: true }).first();
}

/** Opens VS Code's Chat view ("Chat: Open Chat") and waits for its input. */
export async function openNativeChat(page: Page): Promise<void> {
  await runCommand(page, 'Chat: Open Chat');
  await nativeChatInput(page).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Starts a new chat with the view's "New Chat" button and waits for an empty conversation. */
export async function newNativeChat(page: Page): Promise<void> {
  await page.locator('.part.auxiliarybar .action-label[aria-label^="New Chat ("]').filter({ visible: true }).first().click();
  await nativeChatInput(page).waitFor({ state: 'visible', timeout: 30_000 });
  await page
    .locator('.part.auxiliarybar .interactive-item-container')
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Closes the notice above the input (e.g. "Set BYOK utility models"), if one is shown. */
export async function dismissNativeChatNotice(page: Page): Promise<void> {
  const close = page.locator('.part.auxiliarybar .chat-input-notification-dismiss').filter({ visible: true });
  if (await close.count()) {
    await close.first().click().catch(() => undefined);
  }
}

function actionWidgetRows(page: Page): Locator {
  return page.locator('.action-widget .monaco-list-row').filter({ visible: true });
}

/** The row of the open action widget labelled `label` (its aria-label is "<label>" or "<label>, <detail>…"). */
function actionWidgetRow(page: Page, label: string): Locator {
  const q = label.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return page.locator(`.action-widget .monaco-list-row[aria-label="${q}"], .action-widget .monaco-list-row[aria-label^="${q}, "]`).filter({ visible: true }).first();
}

/** The labels of the rows of the open action widget (the model or mode list). */
export async function actionWidgetLabels(page: Page): Promise<string[]> {
  return actionWidgetRows(page).evaluateAll((rs) => rs.map((r) => (r.getAttribute('aria-label') ?? '').trim()).filter(Boolean));
}

/** The model picker of the input's toolbar; its aria-label is "Models, <current model>". */
export function modelPicker(page: Page): Locator {
  return nativeChatInput(page).locator('.chat-input-toolbars .action-label[aria-label^="Models, "]').first();
}

/**
 * Picks a model as a person does: opens the model picker, types the name into its search box when the
 * model is not listed at once (e.g. it is under "Other Models"), clicks it, and waits for the picker to show it.
 */
export async function pickNativeChatModel(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  const picker = modelPicker(page);
  await picker.waitFor({ state: 'visible', timeout: 30_000 });
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    if ((await picker.getAttribute('aria-label')) === `Models, ${name}`) return;
    await picker.click();
    await actionWidgetRows(page).first().waitFor({ state: 'visible', timeout: 10_000 });
    const row = actionWidgetRow(page, name);
    const search = page.locator('.action-widget input').filter({ visible: true }).first();
    if (!(await row.isVisible()) && (await search.count())) {
      // The models listed at once are the recent ones; the search box finds the others.
      await search.fill(name);
    }
    const found = await row.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (found && (await clickWhenSettled(row))) {
      const picked = await waitForAttribute(picker, 'aria-label', `Models, ${name}`, 10_000).then(
        () => true,
        () => false,
      );
      if (picked) return;
    }
    // The models may still be loading (they come from the Models API once the key is set): try again.
    seen = await actionWidgetLabels(page);
    await page.keyboard.press('Escape');
    await sleep(1000);
  }
  throw new Error(`the model picker does not offer "${name}"; it lists ${JSON.stringify(seen)}`);
}

/**
 * Clicks a row of a list that animates and re-renders as it opens (the action widget): waits until
 * the row's box holds still for two looks, then clicks it there. False when it never settled or the
 * click missed (the caller opens the list again).
 */
async function clickWhenSettled(row: Locator, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  while (Date.now() < deadline) {
    const box = await row.boundingBox({ timeout: 1000 }).catch(() => null);
    const key = box ? `${box.x},${box.y},${box.width},${box.height}` : '';
    if (key && key === previous) {
      return row.click({ force: true, timeout: 2000 }).then(
        () => true,
        () => false,
      );
    }
    previous = key;
    await sleep(150);
  }
  return false;
}

/** The mode picker of the input's toolbar (its label is the current mode). */
export function modePicker(page: Page): Locator {
  return nativeChatInput(page).locator('.chat-input-toolbars .monaco-dropdown .action-label').first();
}

/**
 * Picks a chat mode ("Ask", "Agent", "Plan") in the mode picker, as a person does. The picker's list
 * re-renders while it opens (its rows can be detached mid-click), so a click that misses is retried
 * with the list opened afresh.
 */
export async function pickNativeChatMode(page: Page, mode: string, timeoutMs = 60_000): Promise<void> {
  const picker = modePicker(page);
  await picker.waitFor({ state: 'visible', timeout: 30_000 });
  const deadline = Date.now() + timeoutMs;
  let why = '';
  while (Date.now() < deadline) {
    if ((await picker.getAttribute('aria-label').catch(() => null)) === mode) return;
    await picker.click();
    const row = actionWidgetRow(page, mode);
    const shown = await row.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      why = `the mode picker has no "${mode}"; it lists ${JSON.stringify(await actionWidgetLabels(page))}`;
    } else {
      const clicked = await clickWhenSettled(row);
      if (!clicked) why = `"${mode}" did not hold still long enough to be clicked`;
      if (clicked && (await waitForAttribute(picker, 'aria-label', mode, 5000).then(() => true, (e: unknown) => ((why = String(e)), false)))) return;
    }
    if (await page.locator('.action-widget').filter({ visible: true }).count()) await page.keyboard.press('Escape');
    await sleep(500);
  }
  throw new Error(`could not pick the "${mode}" mode within ${timeoutMs / 1000} s: ${why}`);
}

/** Replaces what the chat input holds with `text` (typed, as a person does), without sending. */
export async function typeInNativeChat(page: Page, text: string): Promise<void> {
  const editor = nativeChatInput(page).locator('.monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 20 });
}

/**
 * Sends what the input holds with its Send button (not Enter: Enter may accept an open suggestion such
 * as "/explain" instead), and waits until a response has started.
 */
export async function sendNativeChat(page: Page, responsesBefore: number): Promise<void> {
  const send = nativeChatInput(page).locator('.chat-input-toolbars .chat-submit-button .action-label').first();
  await send.waitFor({ state: 'visible', timeout: 10_000 });
  await send.click();
  const responses = nativeChatResponses(page);
  const deadline = Date.now() + 30_000;
  while ((await responses.count()) <= responsesBefore) {
    if (Date.now() > deadline) throw new Error('sending the chat message started no response within 30 s');
    await sleep(200);
  }
}

/** The responses of the current conversation. */
export function nativeChatResponses(page: Page): Locator {
  return page.locator('.part.auxiliarybar .interactive-item-container.interactive-response').filter({ visible: true });
}

/**
 * Waits until the last response shows `text` and has finished (its row loses `chat-response-loading`;
 * an agent's steps then fold into "Completed N steps"); returns the response's text.
 */
export async function waitForNativeChatResponse(page: Page, text: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let loading = true;
  while (Date.now() < deadline) {
    const response = nativeChatResponses(page).last();
    last = await response.innerText({ timeout: 2000 }).catch(() => last);
    loading = await response
      .getAttribute('class', { timeout: 2000 })
      .then((c) => (c ?? '').split(/\s+/).includes('chat-response-loading'))
      .catch(() => true);
    if (last.includes(text) && !loading) return last;
    await sleep(500);
  }
  const state = last.includes(text) ? 'showed it but did not finish' : `did not show ${JSON.stringify(text)}`;
  throw new Error(`the chat response ${state} within ${timeoutMs / 1000} s; it shows:\n${last}`);
}

/** The "N file(s) changed" bar with Keep and Undo that an agent's edits leave above the input. */
export function editingSessionBar(page: Page): { changed: Locator; keep: Locator; undo: Locator } {
  const input = nativeChatInput(page);
  const button = (label: string): Locator =>
    input.locator('.chat-editing-session-actions .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).first();
  return {
    changed: input.locator('.monaco-button', { hasText: /\d+ files? changed/ }).first(),
    keep: button('Keep'),
    undo: button('Undo'),
  };
}

/**
 * Saves a picture of the editor area and the Chat view side by side (smaller than the whole window) to
 * `file`, e.g. for the README.
 */
export async function screenshotEditorAndChat(page: Page, file: string): Promise<string> {
  const editor = await page.locator('.part.editor').first().boundingBox();
  const chat = await page.locator('.part.auxiliarybar').first().boundingBox();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // No hover (e.g. the Send button's) in the picture: park the mouse on the empty middle of the activity bar.
  const viewport = page.viewportSize();
  await page.mouse.move(4, Math.round((viewport?.height ?? 900) / 2));
  await sleep(600);
  if (!editor || !chat) {
    await page.screenshot({ path: file, timeout: 15_000 });
  } else {
    const x = Math.min(editor.x, chat.x);
    const y = Math.min(editor.y, chat.y);
    const right = Math.max(editor.x + editor.width, chat.x + chat.width);
    const bottom = Math.max(editor.y + editor.height, chat.y + chat.height);
    await page.screenshot({ path: file, timeout: 15_000, clip: { x, y, width: right - x, height: bottom - y } });
  }
  console.log(`    screenshot: ${file}`);
  return file;
}

async function waitForAttribute(loc: Locator, name: string, value: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let now: string | null = null;
  while (Date.now() < deadline) {
    now = await loc.getAttribute(name).catch(() => null);
    if (now === value) return;
    await sleep(200);
  }
  throw new Error(`${name} is ${JSON.stringify(now)}, not ${JSON.stringify(value)}, after ${timeoutMs / 1000} s`);
}
