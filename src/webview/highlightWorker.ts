/**
 * The highlight worker (a bundle of its own, run from a blob: URL; see highlightLater.ts): highlights
 * the code it is sent, in every language of highlight.js/lib/common (the page has TypeScript's grammar
 * only), compiling each grammar on its own thread the first time. It answers with
 * highlight.js's HTML, which the page cleans with DOMPurify before it shows it, like any. A streaming
 * block's pieces come in order; each is highlighted after the part of the ones before that did not
 * end clean, as the page's LiveCodeBlock does when it highlights lines itself.
 */
import hljs from 'highlight.js/lib/common';
import { highlightWith } from './highlightCore';
import type { HighlightJob, HighlightResult, StreamEnd } from './highlightProtocol';

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent<HighlightJob | StreamEnd>) => void): void;
  postMessage(message: HighlightResult): void;
};

/** Each streaming block's code since its grammar was last back at its top level. */
const unfinished = new Map<number, string>();

scope.addEventListener('message', (e) => {
  const job = e.data;
  if ('end' in job) {
    unfinished.delete(job.end);
    return;
  }
  const code = job.stream === undefined ? job.code : (unfinished.get(job.stream) ?? '') + job.code;
  const { html, clean } = highlightWith(hljs, code, job.info);
  if (job.stream !== undefined) {
    if (clean) unfinished.delete(job.stream);
    else unfinished.set(job.stream, code);
  }
  scope.postMessage({ id: job.id, html, clean });
});
