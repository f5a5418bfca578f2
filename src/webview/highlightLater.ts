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
 * `worker-src blob:`). If it cannot start, or fails, the blocks are highlighted here, one per task.
 */
import workerSource from 'highlight-worker-source';
import { highlightCode, withoutCompiling, wouldCompile } from './codeHighlight';
import type { HighlightJob, HighlightResult } from './highlightProtocol';
import { sanitizeHtml } from './markdown';

interface Pending {
  code: HTMLElement;
  text: string;
  info: string;
}

const pending = new Map<number, Pending>();
let nextId = 0;
/** The worker; undefined until first needed, null when it cannot be used. */
let worker: Worker | null | undefined;

/** Renders with `render`, and has the code it left plain highlighted by the worker. */
export function renderHighlightingLater<T extends ParentNode>(render: () => T): T {
  const { result, deferred } = withoutCompiling(render);
  if (deferred) queueBlocks(result);
  return result;
}

function queueBlocks(root: ParentNode): void {
  for (const code of Array.from(root.querySelectorAll<HTMLElement>('pre > code[class*="language-"]'))) {
    const info = /language-(\S+)/.exec(code.className)?.[1] ?? '';
    // Plain text only: a block with elements in it was highlighted already.
    if (code.firstElementChild || !wouldCompile(info)) continue;
    const job: HighlightJob = { id: ++nextId, code: code.textContent ?? '', info };
    pending.set(job.id, { code, text: job.code, info });
    const w = highlightWorker();
    if (w) w.postMessage(job);
    else highlightHere(job.id);
  }
}

function highlightWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    worker = new Worker(url, { name: 'highlight' });
    worker.addEventListener('message', (e: MessageEvent<HighlightResult>) => show(e.data.id, e.data.html));
    worker.addEventListener('error', () => {
      worker?.terminate();
      worker = null;
      for (const id of pending.keys()) highlightHere(id);
    });
  } catch {
    worker = null;
  }
  return worker;
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
