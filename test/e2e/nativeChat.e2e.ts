// Claude in VS Code's own Chat view, driven like a person in the real workbench (code-server +
// Chromium, the extension installed from its .vsix, the fake Anthropic server behind it):
// 1. Agent mode on this extension's model: pick "Claude Sonnet 5.5" in the model picker, Agent mode,
//    ask for a rename; Claude (scripted) reads the file with VS Code's read_file tool, edits it with
//    replace_string_in_file and answers; the edit lands, with "1 file changed · Keep · Undo".
// 2. The @claude participant: /explain on the editor's selection.
// Ask and Agent modes are run by the bundled Copilot Chat extension, which a fresh profile keeps
// disabled until "chat.allowAnonymousAccess" is on (see /work/shared/reference/native-chat.md).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ReplyScript } from '../fake-anthropic/server';
import { conversation, seenBody, systemText } from '../fake-anthropic/requestText';
import { repoRoot, sleep } from '../runner/env';
import {
  dismissNativeChatNotice,
  editingSessionBar,
  nativeChatResponses,
  newNativeChat,
  openFile,
  openNativeChat,
  pickNativeChatMode,
  pickNativeChatModel,
  screenshotEditorAndChat,
  selectLines,
  sendNativeChat,
  setApiKey,
  startWorkbench,
  typeInNativeChat,
  waitForNativeChatResponse,
  waitUntil,
  type Workbench,
} from './harness';

const MODEL = 'Claude Sonnet 5.5';
const MODEL_ID = 'claude-sonnet-5-5';
// The README's pictures are rewritten only when asked (CLAUDE_UPDATE_SCREENSHOTS=1); a test run leaves the tree clean.
const MEDIA = process.env.CLAUDE_UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot(), 'media', 'screenshots') : path.join(repoRoot(), 'test-results', 'screenshots', 'readme');

const ADD = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
const SUM = 'export function sum(a: number, b: number): number {\n  return a + b;\n}';
const READ_ID = 'toolu_01NativeReadSampleTs0001';
const EDIT_ID = 'toolu_01NativeEditSampleTs0002';
const FINAL_ANSWER = 'Renamed the function add to sum in sample.ts.';

// The recorded bodies as far as these tests read them.
interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
}
interface Message {
  role: string;
  content: string | Block[];
}
interface Tool {
  name: string;
  input_schema?: { properties?: Record<string, unknown>; required?: string[] };
}
interface MessagesBody {
  model?: string;
  system?: unknown;
  messages?: Message[];
  tools?: Tool[];
}

function bodyOf(r: RecordedRequest): MessagesBody {
  return (r.body ?? {}) as MessagesBody;
}
function blocks(m: Message): Block[] {
  return typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
}
function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Block[]).map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('');
}
/** The Messages API requests (POST /v1/messages), without the token counts. */
function messageRequests(fake: FakeAnthropic): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages');
}
function offersTools(r: RecordedRequest): boolean {
  return (bodyOf(r).tools?.length ?? 0) > 0;
}

/** A short account of what the fake server received, for failures and the log. */
function describeRequests(fake: FakeAnthropic): string {
  const counts = new Map<string, number>();
  for (const r of fake.requests) {
    const key = `${r.method} ${r.path.split('?')[0]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = [`requests by path: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`];
  messageRequests(fake).forEach((r, i) => {
    const b = bodyOf(r);
    const msgs = (b.messages ?? []).map((m) => {
      const parts = blocks(m).map((x) =>
        x.type === 'tool_use' ? `tool_use(${x.name} ${x.id})` : x.type === 'tool_result' ? `tool_result(${x.tool_use_id})` : `${x.type}(${(x.text ?? '').length} chars)`,
      );
      return `${m.role}[${parts.join(', ')}]`;
    });
    const lastUser = [...(b.messages ?? [])].reverse().find((m) => m.role === 'user');
    const said = lastUser ? blocksText(lastUser.content).replace(/\s+/g, ' ').slice(-160) : '';
    lines.push(
      `  #${i} model ${b.model}, ${b.tools?.length ?? 0} tools, system ${systemText(b).length} chars: ${msgs.join(' ')}`,
      `      last user text …${JSON.stringify(said)}`,
    );
  });
  return lines.join('\n');
}

/**
 * Answers the agent's steps with `scripts`, one per request that offers tools, in order. The fake
 * server answers by order only, so each script is queued only once the step before it has been asked
 * for: a request the agent makes on the side (a title, intent detection…; none seen on 1.139, but
 * Copilot Chat may) comes while the queue is empty and gets the fake's default short reply. One that
 * comes while a script is queued takes it; then the script is queued again for the agent and the
 * mix-up is recorded in `notes`.
 */
function scriptAgentSteps(fake: FakeAnthropic, scripts: ReplyScript[]): { finished: () => boolean; notes: string[]; stop: () => void } {
  const notes: string[] = [];
  let next = 0;
  let handled = messageRequests(fake).length;
  let stopped = false;
  fake.enqueue(scripts[next]!);
  const loop = async (): Promise<void> => {
    while (!stopped && next < scripts.length) {
      const all = messageRequests(fake);
      for (; handled < all.length && next < scripts.length; handled++) {
        if (offersTools(all[handled]!)) {
          next++;
          if (next < scripts.length) fake.enqueue(scripts[next]!);
        } else {
          notes.push(`request #${handled} (no tools) took the script for step ${next + 1}; queued it again`);
          fake.enqueue(scripts[next]!);
        }
      }
      await sleep(50);
    }
  };
  void loop();
  return {
    finished: () => next >= scripts.length,
    notes,
    stop: () => {
      stopped = true;
    },
  };
}

describe('e2e: Claude in VS Code\'s own chat (Agent mode, @claude)', function () {
  let wb: Workbench;
  let fake: FakeAnthropic;

  before(async function () {
    this.timeout(15 * 60_000);
    fake = await startFakeAnthropic();
    wb = await startWorkbench({
      label: 'e2e-native-chat',
      env: { ANTHROPIC_BASE_URL: fake.url },
      settings: {
        // The harness turns the built-in chat off; these tests need it, with Copilot Chat's Ask and
        // Agent modes usable without a GitHub sign-in.
        'chat.disableAIFeatures': false,
        'chat.allowAnonymousAccess': true,
      },
    });
    console.log(`    (extension installed via ${wb.installMode}; fake API at ${fake.url})`);
    // The models are listed only once there is a key. With Copilot Chat starting up beside the extension
    // on 2 slow cores, the key's input box may come late: try again rather than fail the whole suite.
    for (let attempt = 1; ; attempt++) {
      try {
        await setApiKey(wb.page, DEFAULT_TEST_KEY);
        break;
      } catch (err) {
        await wb.screenshot(`native-chat-set-key-attempt-${attempt}`).catch(() => '');
        if (attempt === 3) throw err;
        console.log(`    (setting the API key, attempt ${attempt}: ${(err as Error).message.split('\n')[0]}; trying again)`);
        await wb.page.keyboard.press('Escape');
        await sleep(3000);
      }
    }
  });

  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  beforeEach(() => {
    fake.reset();
    // Whatever Copilot Chat asks on the side gets a short plain answer.
    fake.setDefault({ text: 'OK.' });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      console.log(`    what the fake Anthropic server received:\n${describeRequests(fake).replace(/^/gm, '      ')}`);
    }
  });

  it('Agent mode on Claude Sonnet 5.5 reads sample.ts with read_file, renames add with replace_string_in_file, Keep', async function () {
    this.timeout(12 * 60_000);
    const { page } = wb;
    const file = path.join(wb.workspace, 'sample.ts');
    const original = fs.readFileSync(file, 'utf8');
    assert.ok(original.includes(ADD), 'the fixture has the add function');

    await openNativeChat(page);
    await newNativeChat(page);
    await pickNativeChatModel(page, MODEL);
    await pickNativeChatMode(page, 'Agent');
    await dismissNativeChatNotice(page);

    const agent = scriptAgentSteps(fake, [
      { text: 'I will read sample.ts first.', toolUse: [{ id: READ_ID, name: 'read_file', input: { filePath: file, startLine: 1, endLine: 40 } }] },
      { text: 'Now the rename.', toolUse: [{ id: EDIT_ID, name: 'replace_string_in_file', input: { filePath: file, oldString: ADD, newString: SUM } }] },
      { text: FINAL_ANSWER },
    ]);
    try {
      const before = await nativeChatResponses(page).count();
      await typeInNativeChat(page, 'In sample.ts, rename the function add to sum');
      await sendNativeChat(page, before);
      // Copilot Chat counts the tokens of every tool schema before each step: on 2 slow cores a step takes 30-60 s.
      const response = await waitForNativeChatResponse(page, FINAL_ANSWER, 8 * 60_000);
      assert.ok(agent.finished(), `the agent made all three steps: ${agent.notes.join('; ')}`);
      assert.ok(!/error|failed/i.test(response), `the response reports no failure: ${response}`);
    } finally {
      agent.stop();
    }
    if (agent.notes.length) console.log(`    (side requests: ${agent.notes.join('; ')})`);

    // The edit is there, with the editing session's Keep / Undo.
    const bar = editingSessionBar(page);
    await bar.changed.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await bar.changed.innerText(), /1 file changed/);
    await bar.keep.waitFor({ state: 'visible', timeout: 10_000 });
    await bar.undo.waitFor({ state: 'visible', timeout: 10_000 });
    await openFile(page, 'sample.ts');
    // The editor shows the chat's inline diff: the removed line (in a view zone, which may hold an editor of its own), then
    // the new text. Monaco renders spaces as no-break spaces.
    const shown = async (): Promise<string> =>
      (await page.locator('.part.editor .monaco-editor .view-lines').evaluateAll((ls) => ls.map((l) => (l as unknown as { innerText: string }).innerText).join('\n'))).replace(/\u00a0/g, ' ');
    await waitUntil('the editor to show the renamed function', async () => (await shown()).includes('export function sum(a: number, b: number): number {'), 30_000);
    await dismissNativeChatNotice(page);
    await wb.screenshot('native-agent');
    await screenshotEditorAndChat(page, path.join(MEDIA, 'native-agent.png'));

    // What went to Claude: VS Code's tools, then read_file's result under its tool_use id.
    const steps = messageRequests(fake).filter(offersTools);
    assert.ok(steps.length >= 3, `three agent requests: ${describeRequests(fake)}`);
    const [first, second, third] = steps.map(bodyOf);
    assert.strictEqual(first!.model, MODEL_ID);
    const tools = new Map((first!.tools ?? []).map((t) => [t.name, t]));
    for (const [name, params] of [
      ['read_file', ['filePath', 'startLine', 'endLine']],
      ['replace_string_in_file', ['filePath', 'oldString', 'newString']],
    ] as const) {
      const props = Object.keys(tools.get(name)?.input_schema?.properties ?? {});
      assert.deepStrictEqual(params.filter((p) => !props.includes(p)), [], `${name} takes ${params.join(', ')}: it has ${JSON.stringify(props)}`);
    }
    const userText = (first!.messages ?? []).filter((m) => m.role === 'user').map((m) => blocksText(m.content)).join('\n');
    assert.ok(userText.includes('In sample.ts, rename the function add to sum'), 'the question went to Claude');

    const secondBlocks = (second!.messages ?? []).flatMap((m) => blocks(m).map((b) => ({ role: m.role, b })));
    const call = secondBlocks.find((x) => x.role === 'assistant' && x.b.type === 'tool_use' && x.b.id === READ_ID);
    assert.ok(call && call.b.name === 'read_file', `the read_file call is in the history: ${describeRequests(fake)}`);
    const result = secondBlocks.find((x) => x.role === 'user' && x.b.type === 'tool_result' && x.b.tool_use_id === READ_ID);
    assert.ok(result, `read_file's tool_result carries the tool_use id ${READ_ID}: ${describeRequests(fake)}`);
    assert.ok(blocksText(result.b.content).includes(ADD), `read_file's result has the file's text: ${blocksText(result.b.content).slice(0, 300)}`);
    const editResult = (third!.messages ?? []).flatMap(blocks).find((b) => b.type === 'tool_result' && b.tool_use_id === EDIT_ID);
    assert.ok(editResult, `replace_string_in_file's result came back: ${describeRequests(fake)}`);
    console.log(`    (${describeRequests(fake).split('\n')[0]}; system prompt starts ${JSON.stringify(systemText(first!).slice(0, 90))})`);

    // Keep: the bar goes and the file on disk has the rename, and nothing else changed.
    await bar.keep.click();
    await bar.changed.waitFor({ state: 'hidden', timeout: 30_000 });
    await page.keyboard.press('Control+S');
    await waitUntil('the rename on disk', () => fs.readFileSync(file, 'utf8').includes(SUM), 30_000);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), original.replace(ADD, SUM));
  });

  it('@claude /explain explains the editor selection, streamed into the Chat view', async function () {
    this.timeout(6 * 60_000);
    const { page } = wb;
    const explanation = '`totalPrice` adds up **price × quantity** over the items; an empty list gives 0.';
    fake.enqueue({ text: explanation, chunkSize: 8, delayMs: 10 });

    await openNativeChat(page);
    await newNativeChat(page);
    await openFile(page, 'sample.ts');
    await selectLines(page, 13, 19);
    const before = await nativeChatResponses(page).count();
    await typeInNativeChat(page, '@claude /explain');
    await sendNativeChat(page, before);
    const response = await waitForNativeChatResponse(page, 'an empty list gives 0.', 2 * 60_000);
    assert.ok(response.includes('adds up price × quantity over the items'), `the answer is rendered: ${response}`);

    await waitUntil('the request', () => messageRequests(fake).length >= 1, 10_000);
    const requests = messageRequests(fake);
    assert.strictEqual(requests.length, 1, describeRequests(fake));
    const body = bodyOf(requests[0]!);
    const user = (body.messages ?? []).filter((m) => m.role === 'user').map((m) => blocksText(m.content)).join('\n');
    assert.ok(user.includes('Explain'), `the prompt asks to explain: ${user.slice(0, 300)}`);
    assert.ok(
      user.includes('export function totalPrice(items: Item[]): number {\n  let total = 0;') && user.includes('total = total + items[i].price * items[i].quantity;'),
      `the selected code went with it: ${user}`,
    );
    assert.ok(!user.includes('export function slugify'), 'only the selection, not the whole file');
    assert.ok(!offersTools(requests[0]!), 'the participant sends no tools');
    await dismissNativeChatNotice(page);
    await wb.screenshot('native-participant');
    await screenshotEditorAndChat(page, path.join(MEDIA, 'native-participant.png'));
  });

  it('@claude answers a follow-up on its message thread: the second question goes alone, the API answers it with the first', async function () {
    this.timeout(6 * 60_000);
    const { page } = wb;
    fake.enqueue({ text: 'A closure keeps the variables of the scope it was made in.' }, { text: 'Like a counter that remembers n.' });

    await openNativeChat(page);
    await newNativeChat(page);
    // With a selection, VS Code attaches it to each question: what is sent is the code, then the question.
    await openFile(page, 'sample.ts');
    await selectLines(page, 13, 19);
    let before = await nativeChatResponses(page).count();
    await typeInNativeChat(page, '@claude What is a closure?');
    await sendNativeChat(page, before);
    await waitForNativeChatResponse(page, 'the scope it was made in.', 2 * 60_000);
    before = await nativeChatResponses(page).count();
    await typeInNativeChat(page, '@claude Show me one.');
    await sendNativeChat(page, before);
    await waitForNativeChatResponse(page, 'a counter that remembers n.', 2 * 60_000);

    await waitUntil('the second request', () => messageRequests(fake).length >= 2, 10_000);
    const [first, second] = messageRequests(fake);
    assert.strictEqual(messageRequests(fake).length, 2, describeRequests(fake));
    assert.deepStrictEqual(first!.body.thread, { type: 'create' });
    assert.strictEqual(second!.body.thread?.type, 'continue', 'the follow-up continues the thread');
    const sent = conversation(second!.body);
    assert.strictEqual(sent.length, 1, 'only the new question is sent');
    assert.ok(sent[0]![0] === 'user' && sent[0]![1].endsWith('Show me one.'), JSON.stringify(sent));
    const seen = conversation(seenBody(second!));
    assert.deepStrictEqual(seen.map(([role]) => role), ['user', 'assistant', 'user']);
    assert.ok(seen[0]![1].endsWith('What is a closure?') && seen[0]![1].includes('export function totalPrice'), 'the first question as it was sent, with its code');
    assert.strictEqual(seen[1]![1].trim(), 'A closure keeps the variables of the scope it was made in.');
    await dismissNativeChatNotice(page);
  });
});
