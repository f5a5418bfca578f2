// The product driven like a person in the real workbench (code-server + Chromium), with the
// extension installed from its .vsix and the fake Anthropic server behind ANTHROPIC_BASE_URL:
// set the key in the palette, explain from the palette and the context menu, refactor from the
// submenu and accept the diff, chat, stop, reload. Screenshots go to test-results/screenshots/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { repoRoot, sleep } from '../runner/env';
import { messageText, seenBody } from '../fake-anthropic/requestText';
import {
  chatFrame,
  chatInput,
  clickMenuPath,
  extensionLog,
  menuItems,
  openEditorContextMenu,
  openFile,
  quickInputRows,
  runCommand,
  selectLines,
  sendChat,
  setApiKey,
  startWorkbench,
  waitForText,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';

const EXPLANATION = [
  '`add` returns the **sum** of its two arguments.',
  '',
  '```typescript',
  'const three = add(1, 2);',
  '```',
  '',
  '| input | output |',
  '| --- | --- |',
  '| 1, 2 | 3 |',
].join('\n');

const REFACTORED = [
  'export function totalPrice(items: Item[]): number {',
  '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '}',
].join('\n');

describe('e2e: Claude in the workbench', function () {
  let wb: Workbench;
  let fake: FakeAnthropic;

  before(async function () {
    this.timeout(15 * 60_000);
    fake = await startFakeAnthropic();
    wb = await startWorkbench({
      label: 'e2e-features',
      env: { ANTHROPIC_BASE_URL: fake.url },
      settings: { 'claude.customCommands': [{ title: 'Review for security', prompt: 'Review {{fileName}} for security issues:\n{{selection}}' }] },
    });
    console.log(`    (extension installed via ${wb.installMode}; fake API at ${fake.url})`);
  });

  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  beforeEach(() => fake.reset());

  it('sets the API key through the command palette', async () => {
    const { page } = wb;
    await setApiKey(page, DEFAULT_TEST_KEY);
    // Read it in the notification center: toasts may be hidden (Do Not Disturb) or gone already.
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.getByText('Your Anthropic API key is saved in VS Code\'s secret storage.').first().waitFor({ state: 'visible', timeout: 20_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    // The key is never shown: the input box was a password box, and nothing on the page shows it.
    const bodyText = await page.locator('body').innerText();
    assert.ok(!bodyText.includes(DEFAULT_TEST_KEY));
  });

  it('explains a selection from the palette: the rendered answer with highlighted code, in a panel', async () => {
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({ text: EXPLANATION, chunkSize: 6, delayMs: 5, usage: { input_tokens: 210, output_tokens: 64 } });
    await runCommand(page, 'Claude: Explain Selection');
    const frame = await webviewFrame(page, 'Explain: sample.ts');
    await waitForText(frame, 'returns the sum of its two arguments');
    await waitForText(frame, '210 in · 64 out');
    assert.ok(await frame.locator('strong', { hasText: 'sum' }).count(), 'bold is rendered');
    assert.ok(await frame.locator('table td', { hasText: '3' }).count(), 'the table is rendered');
    // The Explain panel has not compiled TypeScript's grammar: its highlight worker does, a moment later.
    await waitUntil('the code block highlighted', async () => (await frame.locator('pre code .hljs-keyword', { hasText: 'const' }).count()) > 0, 10_000);
    assert.strictEqual(await frame.locator('.code-toolbar button[aria-label="Copy"]').count(), 1);

    // The session's cost is in the status bar.
    await page.locator('.statusbar-item', { hasText: /\$0\.\d+/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const body = fake.requests[0]!.body;
    assert.ok(messageText(body, 0).includes('export function add(a: number, b: number): number {\n  return a + b;\n}'));
    assert.ok(messageText(body, 0).includes('language: typescript'));
    await wb.screenshot('explain-panel');
  });

  it('explains from the editor context menu (Claude submenu)', async () => {
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 13, 19);
    fake.enqueue({ text: 'It multiplies price by quantity and adds it up.' });
    await openEditorContextMenu(page);
    assert.ok((await menuItems(page)).includes('Claude'), 'the context menu has a Claude submenu');
    // Open the submenu as a person would: hover, else click, else the keyboard.
    const claudeItem = page.locator('.context-view .action-menu-item', { hasText: /^\s*Claude\s*$/ }).first();
    const explainItem = page.locator('.context-view .action-label', { hasText: /^\s*Explain Selection\s*$/ }).first();
    await sleep(250);
    await claudeItem.hover();
    for (const open of [() => claudeItem.click(), () => claudeItem.press('ArrowRight')]) {
      if (await explainItem.waitFor({ state: 'visible', timeout: 2500 }).then(() => true, () => false)) break;
      await open();
    }
    await explainItem.waitFor({ state: 'visible', timeout: 5000 });
    await wb.screenshot('context-menu');
    const items = await menuItems(page);
    for (const label of ['Explain Selection', 'Refactor', 'Fix Bugs', 'Add Documentation', 'Optimize', 'Write Tests', 'Custom Instruction…']) {
      assert.ok(items.includes(label), `the Claude submenu lists ${label}: ${JSON.stringify(items)}`);
    }
    await clickMenuPath(page, ['Explain Selection']);
    const frame = await webviewFrame(page, 'Explain: sample.ts');
    await waitForText(frame, 'It multiplies price by quantity');
    assert.ok(messageText(fake.requests[0]!.body, 0).includes('total = total + items[i].price * items[i].quantity;'));
  });

  it('asks before sending a possible secret: the question shows it masked, and "Don\'t send" (Enter) sends nothing', async () => {
    const { page } = wb;
    // Assembled here, so that no file of the repository holds a secret-shaped string.
    const secret = ['Jq8vR2mZ', 'x5Lw9TnC', '4bYp7KsD', '3hGf6QeA', '1uVr0WiO'].join('');
    fs.writeFileSync(path.join(wb.workspace, 'deploy.py'), `import boto3\n\naws_secret_access_key = "${secret}"\nclient = boto3.client("s3")\n`);
    await openFile(page, 'deploy.py');
    await selectLines(page, 1, 4);
    await runCommand(page, 'Claude: Explain Selection');
    const question = page.locator('.quick-input-widget', { hasText: 'Claude: possible secret in what would be sent' });
    await question.waitFor({ state: 'visible', timeout: 20_000 });
    await question.locator('.monaco-list-row', { hasText: 'AWS Secret Access Key' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('secret-question');
    const rows = await quickInputRows(page);
    assert.match(rows[0] ?? '', /Don't send/, JSON.stringify(rows));
    assert.match(rows[1] ?? '', /Send anyway/, JSON.stringify(rows));
    assert.ok(rows.some((r) => r.includes('Jq8v************')), JSON.stringify(rows));
    assert.ok(!(await question.innerText()).includes(secret), 'the question does not show the secret');
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'hidden', timeout: 10_000 });
    const frame = await webviewFrame(page, 'Explain: deploy.py');
    await waitForText(frame, 'Not sent: it contains a possible secret.');
    assert.strictEqual(fake.requests.length, 0, 'nothing reached the API');
  });

  it('runs a custom command from the Claude submenu, filling its template', async () => {
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 21, 27);
    fake.enqueue({ text: 'No injection risk: slugify only transforms a string.' });
    await openEditorContextMenu(page);
    await clickMenuPath(page, ['Claude', 'Run Custom Command…']);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Review for security' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    const frame = await webviewFrame(page, 'Review for security: sample.ts');
    await waitForText(frame, 'No injection risk');
    const user = messageText(fake.requests[0]!.body, 0);
    assert.match(user, /^Review sample\.ts for security issues:\nFile: sample\.ts \(lines 21-27\), language: typescript\n```typescript\nexport function slugify/);
  });

  it('offers Explain with Claude in the lightbulb menu (Ctrl+.) on a selection', async () => {
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    fake.enqueue({ text: 'Adds a and b.' });
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row, .context-view .action-menu-item', { hasText: 'Explain with Claude' }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('code-actions');
    await item.click();
    const frame = await webviewFrame(page, 'Explain: sample.ts');
    await waitForText(frame, 'Adds a and b.');
    assert.ok(messageText(fake.requests[0]!.body, 0).includes('return a + b;'));
  });

  it('refactors from the submenu, shows the diff, Accept changes the file, Undo restores it', async () => {
    const { page } = wb;
    const file = path.join(wb.workspace, 'sample.ts');
    const original = fs.readFileSync(file, 'utf8');
    await openFile(page, 'sample.ts');
    await selectLines(page, 13, 19);
    fake.enqueue({ text: `Simpler with reduce:\n\n\`\`\`typescript\n${REFACTORED}\n\`\`\`\n`, chunkSize: 10 });
    await openEditorContextMenu(page);
    await clickMenuPath(page, ['Claude', 'Refactor']);
    const diffTab = page.locator('.tabs-container .tab', { hasText: "Claude's proposal" }).first();
    await diffTab.waitFor({ state: 'visible', timeout: 30_000 });
    const accept = page.locator('.editor-actions [aria-label^="Accept Change"]').first();
    await accept.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('refactor-diff');
    await accept.click();
    await diffTab.waitFor({ state: 'detached', timeout: 10_000 });

    await page.keyboard.press('Control+S');
    await waitUntil('the refactor saved to disk', () => fs.readFileSync(file, 'utf8').includes('items.reduce('));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), original.replace(original.split('\n').slice(12, 19).join('\n'), REFACTORED));

    await page.locator('.part.editor .monaco-editor').first().click();
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
    await waitUntil('the undo saved to disk', () => fs.readFileSync(file, 'utf8') === original);
  });

  it('chats in the sidebar: two turns, Stop on a third, and the history survives a reload', async function () {
    this.timeout(120_000);
    const { page } = wb;
    await runCommand(page, 'Claude: New Chat');
    let frame = await chatFrame(page);

    fake.enqueue({ text: 'A closure is a function with its captured scope.' });
    await sendChat(frame, 'What is a closure?');
    await waitForText(frame, 'captured scope');

    fake.enqueue({ text: 'Example:\n\n```js\nconst counter = () => { let n = 0; return () => ++n; };\n```' });
    await sendChat(frame, 'Show an example.');
    await waitForText(frame, 'Example:');
    await waitUntil('the second request', () => fake.requests.length === 2);
    // The second turn continues the chat's message thread: it sends only the question, and the API answers it with the history.
    assert.strictEqual(fake.requests[1]!.body.thread?.type, 'continue', 'the second turn continues the thread');
    assert.deepStrictEqual(fake.requests[1]!.body.messages.length, 1, 'only the new question is sent');
    assert.strictEqual(seenBody(fake.requests[1]!).messages.length, 3, 'the history goes with the second turn');

    fake.enqueue({ text: 'Once upon a time '.repeat(300), chunkSize: 6, delayMs: 30 });
    await sendChat(frame, 'Tell me a very long story.');
    await waitForText(frame, 'Once upon a time Once upon a time');
    await frame.locator('button[aria-label="Stop"]').click();
    await waitForText(frame, 'Stopped.');
    const [, , third] = fake.requests;
    await third!.finished;
    assert.strictEqual(third!.clientClosedEarly, true, 'Stop closed the HTTP request');
    await wb.screenshot('chat');

    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    frame = await chatFrame(page);
    await waitForText(frame, 'Tell me a very long story.', 60_000);
    // The messages that fill the view are rendered before the first paint, the older ones right after it.
    for (const said of ['What is a closure?', 'captured scope', 'Once upon a time', 'Stopped.']) await waitForText(frame, said, 10_000);
    await wb.screenshot('chat-after-reload');

    // Typing the next question gets its send ready meanwhile: the SDK loaded and the history scanned
    // for secrets (the Output channel says so). Nothing is sent before Enter.
    await chatInput(frame).fill('And');
    await waitUntil('the next send got ready', () => /ready to send: the SDK loaded and 6 messages of the history scanned/.test(extensionLog(wb)), 20_000);
    assert.strictEqual(fake.requests.length, 3, 'nothing was sent');
    await chatInput(frame).fill('');
  });

  it('Add Selection to Chat puts the selected code, with its file name, into the chat input', async () => {
    const { page } = wb;
    await openFile(page, 'sample.ts');
    await selectLines(page, 9, 11);
    await runCommand(page, 'Claude: Add Selection to Chat');
    const frame = await webviewFrame(page, 'claude.chat');
    const input = frame.locator('textarea.input');
    await waitUntil('the selection in the input', async () => (await input.inputValue()).includes('return a + b;'));
    const value = await input.inputValue();
    assert.match(value, /File: sample\.ts \(lines 9-11\), language: typescript/);
    assert.ok(value.includes('```typescript\nexport function add(a: number, b: number): number {'));
    await input.fill('');
  });

  it('attaches the current file as a removable chip, and sends it before the question', async () => {
    const { page } = wb;
    await openFile(page, 'sample.py');
    const frame = await chatFrame(page);
    await frame.locator('button[aria-label="Attach Current File"]').click();
    const chip = frame.locator('.composer .chip', { hasText: 'sample.py' });
    await chip.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('chat-attachment');
    fake.enqueue({ text: 'It defines a few functions.' });
    await sendChat(frame, 'What is in this file?');
    await waitForText(frame, 'It defines a few functions.');
    await chip.waitFor({ state: 'detached', timeout: 10_000 });
    const sent = messageText(fake.requests[0]!.body, fake.requests[0]!.body.messages.length - 1);
    assert.match(sent, /^File: sample\.py \(lines 1-\d+\), language: python\n```python\n/);
    assert.ok(sent.endsWith('What is in this file?'));
    assert.ok(await frame.locator('.message.user .chip', { hasText: 'sample.py' }).count(), 'the sent message shows what went with it');
  });

  it('shows a question the moment Enter is pressed, with its chip, and once when the extension has it', async () => {
    const { page } = wb;
    await openFile(page, 'sample.py');
    const frame = await chatFrame(page);
    await frame.locator('button[aria-label="Attach Current File"]').click();
    await frame.locator('.composer .chip', { hasText: 'sample.py' }).waitFor({ state: 'visible', timeout: 10_000 });
    fake.enqueue({ text: 'Yes, at once.' });
    // Enter, and the page read in the same task: what shows there did not wait for the extension.
    const shown = await frame.evaluate((question) => {
      const input = document.querySelector('textarea.input') as HTMLTextAreaElement;
      input.value = question;
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      return [...document.querySelectorAll('.message.user')].filter((m) => m.textContent?.includes(question)).map((m) => m.querySelector('.chip')?.textContent ?? '');
    }, 'Is my question shown at once?');
    assert.deepStrictEqual(shown, ['sample.py'], 'the question and what goes with it are on screen as Enter is pressed');
    await waitForText(frame, 'Yes, at once.');
    const questions = frame.locator('.message.user', { hasText: 'Is my question shown at once?' });
    assert.strictEqual(await questions.count(), 1, 'the extension\'s echo did not add it twice');
    assert.strictEqual(await questions.locator('.chip', { hasText: 'sample.py' }).count(), 1);
    assert.ok(messageText(fake.requests[0]!.body, fake.requests[0]!.body.messages.length - 1).endsWith('Is my question shown at once?'));
  });

  it('picks a model from the Models API and lists past chats (screenshots)', async () => {
    const { page } = wb;
    await runCommand(page, 'Claude: Select Model');
    const haiku = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Claude Haiku 5.5' }).first();
    await haiku.waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(fake.requests.some((r) => r.path.startsWith('/v1/models')), 'the list came from the Models API');
    await wb.screenshot('model-picker');
    await haiku.click();
    const frame = await chatFrame(page);
    await waitUntil('the chat header to show the new model', async () => (await frame.locator('.chat-header .model').innerText()) === 'claude-haiku-5-5');

    await runCommand(page, 'Claude: Chat History…');
    const past = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'What is a closure?' }).first();
    await past.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('chat-history');
    await page.keyboard.press('Escape');
  });

  it('model output cannot run script or load anything in the webview', async () => {
    const { page } = wb;
    const hostile = [
      'Here you go: <img src=x onerror="window.top.postMessage(\'pwned\',\'*\');document.body.dataset.pwned=1">',
      '<script>document.body.dataset.pwned=2</script>',
      '[click me](javascript:document.body.dataset.pwned=3)',
      '![tracker](http://127.0.0.1:9/pixel.png)',
      '<a href="javascript:alert(1)">raw link</a> <iframe src="http://127.0.0.1:9/"></iframe>',
      '<svg onload="document.body.dataset.pwned=4"></svg>',
      'end of payloads',
    ].join('\n\n');
    const frame = await chatFrame(page);
    fake.enqueue({ text: hostile, chunkSize: 7 });
    await sendChat(frame, 'Say something dangerous.');
    await waitForText(frame, 'end of payloads');
    await sleep(500);
    assert.strictEqual(await frame.locator('body').getAttribute('data-pwned'), null);
    assert.strictEqual(await frame.locator('.message.assistant img, .message.assistant script, .message.assistant iframe, .message.assistant svg').count(), 0);
    const hrefs = await frame.locator('.message.assistant a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.every((h) => h === null || /^(https?:|mailto:|#)/.test(h)), JSON.stringify(hrefs));
    // The payloads are shown as text, not silently dropped.
    await waitForText(frame, '<script>');
  });
  it('the chat looks in the workspace: searches and reads another file, shows the steps, and a two-file change is accepted from the chat, then undone', async function () {
    this.timeout(180_000);
    const { page } = wb;
    const editorTool = 'str_replace_based_edit_tool';
    const sample = path.join(wb.workspace, 'sample.ts');
    const created = path.join(wb.workspace, 'slug.test.ts');
    const before = fs.readFileSync(sample, 'utf8');
    await runCommand(page, 'Claude: New Chat');
    const frame = await chatFrame(page);

    fake.enqueue(
      { text: 'Let me search the workspace.', toolUse: [{ name: 'search_text', input: { query: 'function slugify' } }] },
      { text: '', toolUse: [{ name: editorTool, input: { command: 'view', path: 'sample.ts', view_range: [21, 27] } }] },
      { text: '`slugify` is defined in **sample.ts** (line 21): it lower-cases a title and joins its words with dashes.' },
    );
    await sendChat(frame, 'Where is slugify defined, and what does it do?');
    await waitForText(frame, 'it lower-cases a title');
    const steps = frame.locator('.message.assistant').last().locator('.step .step-summary');
    await waitUntil('two steps in the reply', async () => (await steps.count()) === 2);
    const lines = await steps.allInnerTexts();
    assert.match(lines[0]!, /^Searched 'function slugify': 1 match in 1 file/);
    assert.match(lines[1]!, /^Read sample\.ts \(lines 21–27 of \d+\)$/);
    const searchResult = JSON.stringify(fake.requests[1]!.body.messages.at(-1));
    assert.match(searchResult, /sample\.ts:21: export function slugify/, 'the search result went back to Claude');

    fake.enqueue(
      {
        text: 'I will rename it and add a test.',
        toolUse: [
          { name: editorTool, input: { command: 'str_replace', path: 'sample.ts', old_str: 'export function slugify(', new_str: 'export function toSlug(' } },
          {
            name: editorTool,
            input: { command: 'create', path: 'slug.test.ts', file_text: "import { toSlug } from './sample';\n\nconsole.assert(toSlug(' Hello World ') === 'hello-world');\n" },
          },
        ],
      },
      { text: 'Renamed `slugify` to `toSlug` and added **slug.test.ts**.' },
    );
    await sendChat(frame, 'Rename slugify to toSlug and add a test for it.');
    await waitForText(frame, 'added slug.test.ts');
    const set = frame.locator('.message.assistant').last().locator('.change-set');
    await set.waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepStrictEqual(await set.locator('.change-file .path').allInnerTexts(), ['sample.ts', 'slug.test.ts (new)']);
    assert.strictEqual(fs.readFileSync(sample, 'utf8'), before, 'nothing is written before Accept');
    assert.ok(!fs.existsSync(created));
    await page.mouse.move(4, 400);
    const shot = await wb.screenshot('chat-tools');
    if (process.env.CLAUDE_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot(), 'media', 'screenshots', 'chat-tools.png'));

    await set.locator('button[aria-label="Show the diff of sample.ts"]').click();
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil('the diff to show the rename', async () => (await page.locator('.monaco-diff-editor').first().innerText()).includes('toSlug'));

    await set.locator('button[aria-label="Accept all proposed changes"]').click();
    await waitUntil('both files accepted', async () => (await set.locator('.change-file.accepted').count()) === 2, 20_000);
    await waitUntil('sample.ts written', () => fs.readFileSync(sample, 'utf8').includes('export function toSlug('), 15_000);
    assert.ok(fs.existsSync(created), 'the new file is created');

    await set.locator('button[aria-label="Undo this change set"]').click();
    await waitUntil('both files undone', async () => (await set.locator('.change-file.undone').count()) === 2, 20_000);
    await waitUntil('sample.ts restored', () => fs.readFileSync(sample, 'utf8') === before, 15_000);
    assert.ok(!fs.existsSync(created), 'the created file is removed');
  });
});
