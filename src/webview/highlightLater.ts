/**
 * Highlighting code in a worker: the page carries TypeScript's grammar only (codeHighlight.ts), and
 * compiling a grammar on the page's thread would take 20–140 ms of one task that cannot be split.
 * Rendered through `renderHighlightingLater`, a block in another language the worker knows (or in
 * TypeScript before its grammar is compiled here) shows its code as plain text and the worker
 * highlights it: its HTML comes back, is cleaned by DOMPurify like any, and replaces the plain text
 * when that text is still what the block shows (the same characters, so nothing moves). TypeScript,
 * once compiled here, is highlighted at once.
 *
 * The worker runs from a blob: URL (a webview can start workers from nothing else; the CSP allows
 * `worker-src blob:`). Making that blob of the worker's ~163 KB takes 15–35 ms here, so the chat view
 * starts the worker while it waits for its state (`startHighlightWorker`); blocks queued before it
 * exists wait for it until after the next frame, not in the task that rendered them. If it cannot
 * start, or fails, TypeScript is highlighted here and code in other languages stays plain text.
 *
 * A streaming code block in such a language sends its lines here too (`highlightPiece`), as they
 * arrive: they show as plain text until the worker's HTML for them comes back. Code waiting for the
 * worker has the class `highlight-pending`.
 */
import workerSource from 'highlight-worker-source';
import { blockLanguage, highlightCode, withWorkerCodePlain, forWorker } from './codeHighlight';
import type { HighlightJob, HighlightResult, StreamEnd } from './highlightProtocol';
import { sanitizeHtml } from './markdown';

/** Marks code waiting for the worker. */
export const PENDING_CLASS = 'highlight-pending';

type Pending =
  /** A rendered block's code, plain until its HTML comes. */
  | { code: HTMLElement; text: string; info: string }
  /** A streaming block's piece: `done` hears its HTML (with what was left unfinished before it) and whether it ended clean. */
  | { done(html: string | undefined, clean: boolean): void };

const pending = new Map<number, Pending>();
let nextId = 0;
let nextStream = 0;
/** The worker; undefined until started, null when it cannot be used. */
let worker: Worker | null | undefined;
/** Messages waiting for the worker to start (after the next frame). */
let waiting: Array<HighlightJob | StreamEnd> | undefined;

/** Renders with `render`, and has the code it left plain highlighted by the worker. */
export function renderHighlightingLater<T extends ParentNode>(render: () => T): T {
  const { result, deferred } = withWorkerCodePlain(render);
  if (deferred) queueBlocks(result);
  return result;
}

function queueBlocks(root: ParentNode): void {
  for (const code of Array.from(root.querySelectorAll<HTMLElement>('pre > code[class*="language-"]'))) {
    const info = blockLanguage(code);
    // Plain text only: a block with elements in it was highlighted already (or is queued).
    if (code.firstElementChild || code.classList.contains(PENDING_CLASS) || !forWorker(info)) continue;
    const job: HighlightJob = { id: ++nextId, code: code.textContent ?? '', info };
    pending.set(job.id, { code, text: job.code, info });
    code.classList.add(PENDING_CLASS);
    if (worker === null) highlightHere(job.id);
    else send(job);
  }
}

/** Whether the worker highlights streaming code (not once it could not start or failed). */
export function highlightsPieces(): boolean {
  return worker !== null;
}

/** A number for a streaming block's pieces (HighlightJob.stream). */
export function newStream(): number {
  return ++nextStream;
}

/** Has the worker highlight a streaming block's next piece; `done` hears the result, in the pieces' order. */
export function highlightPiece(stream: number, code: string, info: string, done: (html: string | undefined, clean: boolean) => void): void {
  const job: HighlightJob = { id: ++nextId, code, info, stream };
  pending.set(job.id, { done });
  if (worker === null) highlightHere(job.id);
  else send(job);
}

/** A streaming block ended: the worker forgets it (after its last piece). */
export function endStream(stream: number): void {
  if (worker !== null) send({ end: stream });
}

function send(message: HighlightJob | StreamEnd): void {
  if (worker) worker.postMessage(message);
  else if (waiting) waiting.push(message);
  else {
    waiting = [message];
    requestAnimationFrame(() => setTimeout(startHighlightWorker, 0));
  }
}

/** Starts the worker, if it is not running, and gives it the jobs that waited for it. */
export function startHighlightWorker(): void {
  if (worker === undefined) worker = newWorker();
  const jobs = waiting ?? [];
  waiting = undefined;
  for (const job of jobs) {
    if (worker) worker.postMessage(job);
    else if ('id' in job) highlightHere(job.id);
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
  w.addEventListener('message', (e: MessageEvent<HighlightResult>) => show(e.data.id, e.data.html, e.data.clean));
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

/**
 * Without a worker: a block is highlighted here, in a task of its own, if it is TypeScript (the page
 * has no other grammar); other code stays plain. A streaming piece stays plain (what the worker left
 * unfinished before it is gone with the worker); the block's next lines are highlighted here as it
 * streams, when it is TypeScript.
 */
function highlightHere(id: number): void {
  setTimeout(() => {
    const p = pending.get(id);
    if (p) show(id, 'code' in p ? highlightCode(p.text, p.info).html : undefined, true);
  }, 0);
}

function show(id: number, html: string | undefined, clean: boolean): void {
  const p = pending.get(id);
  pending.delete(id);
  if (!p) return;
  if (!('code' in p)) {
    p.done(html, clean);
    return;
  }
  p.code.classList.remove(PENDING_CLASS);
  if (html === undefined) return;
  // Unless the block changed meanwhile (then whatever changed it rendered it again).
  if (p.code.firstElementChild || p.code.textContent !== p.text) return;
  p.code.replaceChildren(sanitizeHtml(html));
}
