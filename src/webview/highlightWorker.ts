/**
 * The highlight worker (a bundle of its own, run from a blob: URL; see highlightLater.ts): highlights
 * the code it is sent, compiling each grammar on its own thread the first time. It answers with
 * highlight.js's HTML, which the page cleans with DOMPurify before it shows it, like any.
 */
import { highlightCode } from './codeHighlight';
import type { HighlightJob, HighlightResult } from './highlightProtocol';

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent<HighlightJob>) => void): void;
  postMessage(message: HighlightResult): void;
};

scope.addEventListener('message', (e) => {
  const { id, code, info } = e.data;
  scope.postMessage({ id, html: highlightCode(code, info).html });
});
