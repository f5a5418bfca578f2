// Page object for the extension's own surfaces as a person uses them: the API key input box and the
// chat view (open it, start a new chat, type a message, wait for the replies). Shared by the e2e
// tests and the bench.
import type { Frame, Locator, Page } from 'playwright-core';
import { sleep, waitFor } from '../../runner/env';
import { runCommand } from './palette';
import { webviewFrame } from './webviews';

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

/** The chat's message input. */
export function chatInput(frame: Frame): Locator {
  return frame.locator('textarea.input');
}

/** Types a message into the chat and presses Enter. */
export async function sendChat(frame: Frame, text: string): Promise<void> {
  const input = chatInput(frame);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

/** New Chat, and waits for the empty chat. */
export async function newChat(page: Page, frame: Frame): Promise<void> {
  await runCommand(page, 'Claude: New Chat');
  await waitFor('an empty chat', () => frame.locator('.messages .empty').count(), 20_000);
  await page.keyboard.press('Escape');
}

/** Number of finished assistant replies on screen. */
export function finishedReplies(frame: Frame): Promise<number> {
  return frame.locator('.message.assistant[aria-busy="false"]').count();
}

/** Waits until `n` assistant replies have finished. */
export async function waitForFinishedReplies(frame: Frame, n: number, timeoutMs = 120_000): Promise<void> {
  await waitFor(`${n} finished replies`, async () => (await finishedReplies(frame)) >= n, timeoutMs, 50);
}
