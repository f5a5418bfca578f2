/** Webview entry: picks the app for this view, then says `ready` and waits for the state. */
import type { HostMessage } from '../shared/protocol';
import { ChatApp } from './chat';
import { PanelApp } from './panel';
import { post } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  const app = document.body.dataset.kind === 'chat' ? new ChatApp(root) : new PanelApp(root);
  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const m = event.data;
    if (m && typeof m === 'object' && typeof m.type === 'string') app.handle(m);
  });
  post({ type: 'ready' });
  // While the state is on its way, in a task of its own (not the page's load): what a reopened chat
  // would otherwise pay before its first paint.
  if (app instanceof ChatApp) setTimeout(() => app.warmUp(), 0);
}
