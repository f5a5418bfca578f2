// Page object for webviews: finding the extension's HTML (the inner frame of a webview panel or view)
// by editor title, view title or view id, and waiting for text in it.
import type { Frame, Locator, Page } from 'playwright-core';
import { sleep } from '../../runner/env';
import { contributedView } from '../harness/manifest';

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
        try {
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
        } catch (e) {
          // The webview (re)loading while it is looked at: its frames navigate or go away. Look again.
          if (!/Execution context was destroyed|Frame was detached/i.test(String(e))) {
            throw e;
          }
          why = `the webview was loading: ${String(e).split('\n')[0]}`;
        }
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
