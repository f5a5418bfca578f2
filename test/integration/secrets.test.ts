// Possible secrets in what would be sent: the question (a QuickPick answered here through VS Code's
// own quick-open commands, as a keyboard would), "Don't send" sending nothing, "Send anyway" sending
// and not asking again, for Explain Selection, a chat attachment and VS Code's chat through this
// extension's model (a tool result of Agent mode included).
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { SecretQuestion } from '../../src/platform/secrets/secretGate';
import { closeAllEditors, conversation, messageText, openDocument, useFakeAnthropic, waitFor, type ExtensionApi } from './helpers';

/** A fresh AWS secret access key for each test (an approval is remembered for the whole session). */
function awsSecret(): string {
  return randomBytes(30).toString('base64').replace(/[+/=]/g, 'Q').slice(0, 40);
}

async function waitForQuestion(api: ExtensionApi): Promise<SecretQuestion> {
  const q = await waitFor('the possible-secret question', () => api.secretQuestion());
  // The QuickPick is drawn by the workbench a moment after the extension shows it.
  await new Promise((r) => setTimeout(r, 400));
  return q;
}

type Answer = "Don't send" | 'Send anyway' | 'Escape';

/** Answers the question as a keyboard would: "Don't send" is the first item and already active. */
async function answer(api: ExtensionApi, choice: Answer): Promise<void> {
  if (choice === 'Escape') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  else {
    if (choice === 'Send anyway') await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  await waitFor('the question to close', () => !api.secretQuestion());
}

/** Runs `command`, failing if a possible-secret question opens meanwhile. */
async function withoutQuestion<T>(api: ExtensionApi, command: Thenable<T>): Promise<T> {
  let asked = false;
  const watch = setInterval(() => {
    if (api.secretQuestion()) {
      asked = true;
      void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  }, 50);
  try {
    return await command;
  } finally {
    clearInterval(watch);
    assert.ok(!asked, 'no question about secrets was asked');
  }
}

const explainDocument = (secret: string): string =>
  `import boto3\n\n# TODO: move to the environment\naws_secret_access_key = "${secret}"\nclient = boto3.client("s3")\n`;

describe('Possible secrets before sending', () => {
  const fake = useFakeAnthropic();
  afterEach(closeAllEditors);

  it("Explain Selection: the question shows the finding masked; \"Don't send\" sends nothing and the panel says why", async () => {
    const secret = awsSecret();
    await openDocument(explainDocument(secret), 'python', [0, 0, 5, 0]);
    const pending = vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    const question = await waitForQuestion(fake.api);
    assert.deepStrictEqual(
      question.findings.map((f) => [f.what, f.label, f.masked]),
      [['AWS Secret Access Key', 'the request', `${secret.slice(0, 4)}${'*'.repeat(12)}`]],
    );
    // The line within what would be sent: the instruction, a blank line, the file header and the fence come first.
    assert.strictEqual(question.findings[0]!.line, 8);
    await answer(fake.api, "Don't send");
    const result = await pending;
    assert.strictEqual(result.ok, false);
    if (!result.ok) {
      assert.strictEqual(result.error.kind, 'secretNotSent');
      assert.deepStrictEqual(result.error.actions, []);
    }
    assert.strictEqual(fake.server.requests.length, 0, 'nothing reached the API');
    const panel = fake.api.replyPanelState();
    assert.strictEqual(panel.reply?.error?.title, 'Not sent: it contains a possible secret.');
    assert.ok(!JSON.stringify(panel).includes(secret), 'the panel does not show the secret');
  });

  it('dismissing the question (Escape) is "Don\'t send"', async () => {
    await openDocument(explainDocument(awsSecret()), 'python', [0, 0, 5, 0]);
    const pending = vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    await waitForQuestion(fake.api);
    await answer(fake.api, 'Escape');
    const result = await pending;
    assert.strictEqual(result.ok ? 'ok' : result.error.kind, 'secretNotSent');
    assert.strictEqual(fake.server.requests.length, 0);
  });

  it('"Send anyway" sends it, and the same secret is not asked about again this session', async () => {
    const secret = awsSecret();
    await openDocument(explainDocument(secret), 'python', [0, 0, 5, 0]);
    const pending = vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    await waitForQuestion(fake.api);
    await answer(fake.api, 'Send anyway');
    assert.ok((await pending).ok);
    assert.strictEqual(fake.server.requests.length, 1);
    assert.ok(messageText(fake.server.requests[0]!.body, 0).includes(secret));

    // The same secret in another file and another command: not asked again.
    await openDocument(`# copied\nAWS_SECRET_ACCESS_KEY=${secret}\n`, 'python', [0, 0, 2, 0]);
    const again = await withoutQuestion(fake.api, vscode.commands.executeCommand<RunResult>('claude.explainSelection'));
    assert.ok(again.ok);
    assert.strictEqual(fake.server.requests.length, 2);
  });

  it('Stop while the question is open ends the reply as stopped, and sends nothing', async () => {
    await openDocument(explainDocument(awsSecret()), 'python', [0, 0, 5, 0]);
    const pending = vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    await waitForQuestion(fake.api);
    fake.api.stopReply();
    await waitFor('the question to close', () => !fake.api.secretQuestion());
    const result = await pending;
    assert.strictEqual(result.ok ? 'ok' : result.error.kind, 'stopped');
    assert.strictEqual(fake.server.requests.length, 0);
  });

  it('ordinary code is sent without a question', async () => {
    await openDocument('const apiKey = process.env.ANTHROPIC_API_KEY;\nconst password = readPassword();\n', 'javascript', [0, 0, 2, 0]);
    const result = await withoutQuestion(fake.api, vscode.commands.executeCommand<RunResult>('claude.explainSelection'));
    assert.ok(result.ok);
    assert.strictEqual(fake.server.requests.length, 1);
  });

  describe('in the sidebar chat', () => {
    beforeEach(() => fake.api.chat.newChat());

    it('an attached file with a secret is asked about; "Don\'t send" sends nothing and the chat says why', async () => {
      const secret = awsSecret();
      await openDocument(explainDocument(secret), 'python');
      await vscode.commands.executeCommand('claude.attachToChat', 'file');
      const pending = fake.api.chat.send('Why does the upload fail?');
      const question = await waitForQuestion(fake.api);
      assert.deepStrictEqual(question.findings.map((f) => f.what), ['AWS Secret Access Key']);
      await answer(fake.api, "Don't send");
      const result = await pending;
      assert.strictEqual(result?.ok ? 'ok' : result?.error.kind, 'secretNotSent');
      assert.strictEqual(fake.server.requests.length, 0);
      const messages = fake.api.chatState().messages;
      assert.strictEqual(messages[messages.length - 1]?.error?.title, 'Not sent: it contains a possible secret.');
    });

    it('a secret typed into the chat is asked about too; "Send anyway" sends it', async () => {
      const secret = awsSecret();
      const pending = fake.api.chat.send(`Is this right? aws_secret_access_key=${secret}`);
      await waitForQuestion(fake.api);
      await answer(fake.api, 'Send anyway');
      assert.ok((await pending)?.ok);
      assert.ok(conversation(fake.server.requests[0]!.body)[0]![1].includes(secret));
    });

    it('gets a send ready while the user types: the history is scanned then, nothing is sent or asked, and the send still asks about a secret in it', async () => {
      const secret = awsSecret();
      fake.server.enqueue({ text: `Set it like this:\n\naws_secret_access_key = ${secret}\n` });
      assert.ok((await fake.api.chat.send('How do I configure boto3?'))?.ok);
      const scans = fake.api.secretScans();
      // What the chat's webview asks for on the first keystroke of the next question.
      assert.strictEqual(await withoutQuestion(fake.api, fake.api.chat.prepare()), 2, 'the question and the reply are ready to go');
      assert.strictEqual(fake.api.secretScans(), scans + 1, 'the reply was scanned (the question had been, when it was sent)');
      assert.strictEqual(fake.server.requests.length, 1, 'nothing was sent');

      const pending = fake.api.chat.send('And for the region?');
      const question = await waitForQuestion(fake.api);
      assert.deepStrictEqual(question.findings.map((f) => [f.what, f.label]), [['AWS Secret Access Key', 'message 2 of 3']]);
      assert.strictEqual(fake.api.secretScans(), scans + 2, 'the send scanned only the new question');
      await answer(fake.api, "Don't send");
      const result = await pending;
      assert.strictEqual(result?.ok ? 'ok' : result?.error.kind, 'secretNotSent');
      assert.strictEqual(fake.server.requests.length, 1);
    });
  });

  describe("in VS Code's chat, through this extension's model", () => {
    const model = async (): Promise<vscode.LanguageModelChat> => {
      const [m] = await vscode.lm.selectChatModels({ vendor: 'claude-assistant', id: 'claude-sonnet-5-5' });
      assert.ok(m);
      return m;
    };
    const drain = async (r: vscode.LanguageModelChatResponse): Promise<void> => {
      for await (const _ of r.stream) void _;
    };

    it('a tool result of Agent mode with a secret is asked about, named after its tool; declining is an error of the request', async () => {
      const secret = awsSecret();
      const call = new vscode.LanguageModelToolCallPart('toolu_env_1', 'read_file', { filePath: '/w/.aws/credentials' });
      const messages = [
        vscode.LanguageModelChatMessage.User('Why does the upload fail?'),
        vscode.LanguageModelChatMessage.Assistant([call]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart(`[default]\naws_secret_access_key = ${secret}\n`)]),
        ]),
      ];
      const m = await model();
      const pending = assert.rejects(async () => drain(await m.sendRequest(messages, {}, new vscode.CancellationTokenSource().token)), /Not sent: it contains a possible secret\./);
      const question = await waitForQuestion(fake.api);
      assert.deepStrictEqual(
        question.findings.map((f) => [f.what, f.label, f.line]),
        [['AWS Secret Access Key', 'result of the tool read_file', 2]],
      );
      await answer(fake.api, "Don't send");
      await pending;
      assert.strictEqual(fake.server.requests.filter((r) => r.path === '/v1/messages').length, 0);
    });

    it('"Send anyway" sends the message; token counting never sends an unapproved secret', async () => {
      const secret = awsSecret();
      const message = vscode.LanguageModelChatMessage.User(`${'Explain this configuration.\n'.repeat(10)}aws_secret_access_key = ${secret}\n`);
      const m = await model();
      assert.ok((await m.countTokens(message)) > 0);
      assert.strictEqual(fake.server.requests.length, 0, 'the count is an estimate, not a request');
      const pending = m.sendRequest([message], {}, new vscode.CancellationTokenSource().token).then(drain);
      await waitForQuestion(fake.api);
      await answer(fake.api, 'Send anyway');
      await pending;
      assert.strictEqual(fake.server.requests.filter((r) => r.path === '/v1/messages').length, 1);
    });
  });
});
