// VS Code conventions: the "Claude" log, the walkthrough, settings checked before sending, and a
// secret storage that refuses the key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { ApiKeyStore } from '../../src/platform/apiKeyStore';
import type { Log } from '../../src/platform/log';
import { closeAllEditors, configure, EXTENSION_ID, openDocument, useFakeAnthropic, waitFor } from './helpers';

/** The "Claude" log file the extension host is writing (found among its open files). */
function claudeLogFile(): string | undefined {
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const target = fs.readlinkSync(path.join('/proc/self/fd', fd));
      if (target.includes(EXTENSION_ID) && target.endsWith('Claude.log')) return target;
    } catch {
      // a descriptor that closed meanwhile
    }
  }
  return undefined;
}

describe('Conventions', () => {
  const fake = useFakeAnthropic();
  afterEach(closeAllEditors);

  it('logs statuses, timings, retries and request ids to the "Claude" log, without the code', async () => {
    const secretCode = 'const launchCodes = 987654321;';
    await openDocument(`${secretCode}\n`, 'javascript', [0, 0, 0, secretCode.length]);
    fake.server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '50' } } }, { text: 'ok' });
    const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(r.ok);
    const file = await waitFor('the Claude log file', () => claudeLogFile());
    const log = await waitFor('the log lines', () => {
      const text = fs.readFileSync(file, 'utf8');
      return text.includes('reply complete') ? text : undefined;
    });
    assert.match(log, /POST \/v1\/messages → 429 in \d+ ms \(request-id req_\w+, attempt 1\)/);
    assert.match(log, /status 429; the SDK retries in ~1 s/);
    assert.match(log, /POST \/v1\/messages → 200 in \d+ ms \(request-id req_\w+, attempt 2\)/);
    assert.match(log, /reply complete in \d+ ms: \d+ in, \d+ out, stop end_turn/);
    assert.ok(!log.includes('launchCodes'), 'the code is not logged');
  });

  it('refuses max tokens out of range before sending, pointing at the setting', async () => {
    await openDocument('let a = 1;\n', 'javascript', [0, 0, 0, 10]);
    await configure({ maxTokens: 0 });
    try {
      const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
      assert.ok(!r.ok && r.error.actions.includes('openSettings'));
      assert.match(r.ok ? '' : r.error.detail, /claude\.maxTokens/);
      assert.strictEqual(fake.server.requests.length, 0);
    } finally {
      await configure({ maxTokens: undefined });
    }
  });

  it('contributes a walkthrough whose steps run real commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [walkthrough] = ext.packageJSON.contributes.walkthroughs;
    assert.strictEqual(walkthrough.id, 'claude.gettingStarted');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps as Array<{ description: string; media: { markdown: string } }>) {
      const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8'));
      const description: string = nls[step.description.replace(/%/g, '')] ?? step.description;
      const command = /\(command:([\w.]+)\)/.exec(description)?.[1];
      assert.ok(command && registered.has(command), `${description} links to a registered command`);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, step.media.markdown)));
    }
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#claude.gettingStarted`, false);
  });

  it('says so, and stores nothing, when the secret storage refuses the key', async () => {
    const failing: vscode.SecretStorage = {
      get: () => Promise.reject(new Error('no keyring')),
      store: () => Promise.reject(new Error('no keyring')),
      delete: () => Promise.reject(new Error('no keyring')),
      keys: () => Promise.reject(new Error('no keyring')),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    };
    // A log of its own: creating and disposing another "Claude" channel would close the extension's.
    const errors: string[] = [];
    const log = { error: (m: string) => errors.push(m), setSecrets: () => undefined } as unknown as Log;
    const keys = new ApiKeyStore(failing, log);
    try {
      assert.strictEqual(await keys.set('sk-ant-test-key-unstorable'), false);
      assert.strictEqual(await keys.get(), undefined, 'an unreadable store reads as no key, not a crash');
      assert.ok(errors.some((e) => e.includes('no keyring')), errors.join('\n'));
      assert.ok(!errors.join('\n').includes('sk-ant-test-key-unstorable'));
    } finally {
      keys.dispose();
    }
  });
});
