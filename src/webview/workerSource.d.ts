/** The highlight worker's bundle as text (scripts/build.mjs builds src/webview/highlightWorker.ts into it). */
declare module 'highlight-worker-source' {
  const source: string;
  export default source;
}
