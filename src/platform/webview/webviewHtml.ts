/**
 * The HTML shell of every webview: a strict CSP (nothing but our own bundle, by nonce, and our
 * own styles and fonts), no network, and no data injected into the page except by postMessage.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

const escapeAttr = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: 'chat' | 'panel', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The highlight worker, started from a blob: URL our own script makes (src/webview/highlightLater.ts).
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(asset('dist', 'codicons', 'codicon.css'))}">
<link rel="stylesheet" href="${escapeAttr(asset('media', 'hljs.css'))}">
<link rel="stylesheet" href="${escapeAttr(asset('media', 'webview.css'))}">
<title>${escapeAttr(title)}</title>
</head>
<body data-kind="${kind}">
<div id="app" class="app-${kind}"></div>
<script nonce="${nonce}" src="${escapeAttr(asset('dist', 'webview.js'))}"></script>
</body>
</html>`;
}
