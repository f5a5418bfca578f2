// The e2e tests' one import: re-exports the harness, which drives the real VS Code workbench
// (code-server) in headless Chromium the way a person uses it. What lives where:
//   harness/packaging.ts     building or finding the .vsix
//   harness/workbench.ts     starting, restarting and stopping code-server + Chromium; screenshots
//   harness/manifest.ts      package.json contributions as the workbench shows them
//   pages/palette.ts         command palette, quick open, input boxes
//   pages/editor.ts          opening files, selecting lines, the cursor position
//   pages/menus.ts           editor context menus
//   pages/webviews.ts        webview frames, waiting for text
//   pages/notifications.ts   notification toasts
//   pages/chat.ts            the API key box and the chat view (also used by the bench)
//   pages/nativeChat.ts      VS Code's own Chat view: mode and model pickers, send, responses, Keep / Undo
//
// Environment: CLAUDE_E2E_VSIX=<file> (use this .vsix, skip `npm run package`),
// CLAUDE_E2E_INSTALL=auto|vsix|dev (default auto; vsix makes a packaging failure fatal),
// CLAUDE_E2E_KEEP=1 (keep each run's temp folder), CLAUDE_HEADED=1 (visible browser; needs a display).
export { waitUntil } from '../runner/env';
export * from './harness/manifest';
export * from './harness/packaging';
export * from './harness/workbench';
export * from './pages/chat';
export * from './pages/editor';
export * from './pages/menus';
export * from './pages/nativeChat';
export * from './pages/notifications';
export * from './pages/palette';
export * from './pages/webviews';
