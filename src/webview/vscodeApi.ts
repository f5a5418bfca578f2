/** The webview's only channel to the host, typed by the shared protocol. */
import type { WebviewMessage } from '../shared/protocol';

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}
