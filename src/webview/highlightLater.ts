/**
 * Highlighting a stored message's code without compiling grammars on the page's thread. A reopened
 * chat renders its newest messages before its first paint and older ones as they scroll into view;
 * the first block in each language would compile that language's grammar there (20–140 ms, one task
 * that cannot be split). Rendered through `renderHighlightingLater`, such a block shows its code as
 * plain text and a worker highlights it: its HTML comes back, is cleaned by DOMPurify like any, and
 * replaces the plain text when that text is still what the block shows (the same characters, so
 * nothing moves). Languages already compiled here are highlighted at once, as before.
 *
 * The worker runs from a blob: URL (a webview can start workers from nothing else; the CSP allows
 * `worker-src blob:`). Making that blob of the worker's ~180 KB takes 15–35 ms here, so the chat view
 * starts the worker while it waits for its state (`startHighlightWorker`); blocks queued before it
 * exists wait for it until after the next frame, not in the task that rendered them. If it cannot
 * start, or fails, the blocks are highlighted here, one per task.
 */
import workerSource from 'highlight-worker-source';
import { blockLanguage, highlightCode, withoutCompiling, wouldCompile } from './codeHighlight';
import type { HighlightJob, HighlightResult } from './highlightProtocol';
import { sanitizeHtml } from './markdown';

interface Pending {
  code: HTMLElement;
  text: string;
  info: string;
}

const pending = new Map<number, Pending>();
let nextId = 0;
/** The worker; undefined until started, null when it cannot be used. */
let worker: Worker | null | undefined;
/** Jobs waiting for the worker to start (after the next frame). */
let waiting: HighlightJob[] | undefined;

/** Renders with `render`, and has the code it left plain highlighted by the worker. */
export function renderHighlightingLater<T extends ParentNode>(render: () => T): T {
  const { result, deferred } = withoutCompiling(render);
  if (deferred) queueBlocks(result);
  return result;
}

function queueBlocks(root: ParentNode): void {
  for (const code of Array.from(root.querySelectorAll<HTMLElement>('pre > code[class*="language-"]'))) {
    const info = blockLanguage(code);
    // Plain text only: a block with elements in it was highlighted already.
    if (code.firstElementChild || !wouldCompile(info)) continue;
    const job: HighlightJob = { id: ++nextId, code: code.textContent ?? '', info };
    pending.set(job.id, { code, text: job.code, info });
    if (worker) worker.postMessage(job);
    else if (worker === null) highlightHere(job.id);
    else if (waiting) waiting.push(job);
    else {
      waiting = [job];
      requestAnimationFrame(() => setTimeout(startHighlightWorker, 0));
    }
  }
}

/** Starts the worker, if it is not running, and gives it the jobs that waited for it. */
export function startHighlightWorker(): void {
  if (worker === undefined) worker = newWorker();
  const jobs = waiting ?? [];
  waiting = undefined;
  for (const job of jobs) {
    if (worker) worker.postMessage(job);
    else highlightHere(job.id);
  }
}

function newWorker(): Worker | null {
  let w: Worker;
  try {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    w = new Worker(url, { name: 'highlight' });
  } catch {
    return null;
  }
  w.addEventListener('message', (e: MessageEvent<HighlightResult>) => show(e.data.id, e.data.html));
  w.addEventListener('error', () => {
    w.terminate();
    failed();
  });
  return w;
}

/** The worker failed: what it was given is highlighted here, and so is what comes next. */
function failed(): void {
  worker = null;
  for (const id of pending.keys()) highlightHere(id);
}

/** Without a worker: the block is highlighted here, in a task of its own. */
function highlightHere(id: number): void {
  setTimeout(() => {
    const p = pending.get(id);
    if (p) show(id, highlightCode(p.text, p.info).html);
  }, 0);
}

function show(id: number, html: string | undefined): void {
  const p = pending.get(id);
  pending.delete(id);
  if (!p || html === undefined) return;
  // Unless the block changed meanwhile (then whatever changed it rendered it again).
  if (p.code.firstElementChild || p.code.textContent !== p.text) return;
  p.code.replaceChildren(sanitizeHtml(html));
}
