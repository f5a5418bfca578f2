// Smoke tests that run inside the real extension host (code-server or desktop VS Code).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'claude-assistant-dev.claude-assistant';

describe('smoke: extension host', () => {
  it('finds the extension and activates it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `extension ${EXTENSION_ID} not found; installed: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    await ext.activate();
    assert.strictEqual(ext.isActive, true, 'extension is not active after activate()');
  });

  it('opens the fixture workspace', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, `expected one workspace folder, got ${folders.map((f) => f.uri.toString())}`);
    const root = folders[0].uri;
    const expected = process.env.CLAUDE_TEST_WORKSPACE;
    if (expected) {
      assert.strictEqual(fs.realpathSync(root.fsPath), fs.realpathSync(expected));
    }
    for (const name of ['sample.ts', 'sample.py']) {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, name));
      assert.strictEqual(stat.type, vscode.FileType.File, `${name} is not a file`);
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'sample.ts'));
    assert.match(doc.getText(), /export function add\(/);
    assert.strictEqual(path.basename(doc.uri.fsPath), 'sample.ts');
  });

  it('creates a webview panel whose scripts run and exchange messages', async () => {
    const panel = vscode.window.createWebviewPanel('claudeSmokeWebview', 'Claude smoke webview', vscode.ViewColumn.One, {
      enableScripts: true,
    });
    try {
      const nonce = Math.random().toString(36).slice(2);
      const messages: unknown[] = [];
      const waitFor = (type: string, timeoutMs: number): Promise<Record<string, unknown>> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no '${type}' message from the webview in ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
            timeoutMs,
          );
          const sub = panel.webview.onDidReceiveMessage((m: Record<string, unknown>) => {
            messages.push(m);
            if (m && m.type === type) {
              clearTimeout(timer);
              sub.dispose();
              resolve(m);
            }
          });
        });
      const ready = waitFor('ready', 15_000);
      panel.webview.html = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body><p id="status">loading</p>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('status').textContent = 'script ran';
  window.addEventListener('message', (e) => vscode.postMessage({ type: 'echo', data: e.data }));
  vscode.postMessage({ type: 'ready', text: document.getElementById('status').textContent });
</script></body></html>`;
      const readyMsg = await ready;
      assert.strictEqual(readyMsg.text, 'script ran');
      const echo = waitFor('echo', 10_000);
      assert.strictEqual(await panel.webview.postMessage({ ping: 42 }), true);
      assert.deepStrictEqual((await echo).data, { ping: 42 });
    } finally {
      panel.dispose();
    }
  });
});
