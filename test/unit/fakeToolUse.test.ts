// The fake Anthropic server on tool use, driven by the real SDK: the API's 400s for tool_use
// without tool_result (and the reverse), for bad tool definitions and tool_choice; replies with
// text and several tool_use blocks, streamed the way the docs' transcript streams them; and the
// SDK's beta messages (`?beta=true`).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

// out/test/unit -> repo root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TOOL_USE_TRANSCRIPT = path.join(REPO_ROOT, 'test', 'fake-anthropic', 'transcripts', '02-tool-use.sse');
const KEY = 'sk-ant-test-key';
const MODEL = 'claude-sonnet-5-5';

const READ_FILE: Anthropic.Tool = {
  name: 'read_file',
  description: 'Read a file of the workspace',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split(/\n\n+/)
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)![1];
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)![1]) as Record<string, unknown>;
      return { event, data };
    });
}

/** The events' shape: name, block type or delta type; runs of one delta type collapsed to one. */
function shape(events: SseEvent[]): string[] {
  const out: string[] = [];
  for (const { event, data } of events) {
    const block = data.content_block as { type: string } | undefined;
    const delta = data.delta as { type?: string } | undefined;
    const s = block ? `${event} ${block.type}` : event === 'content_block_delta' ? `${event} ${delta?.type}` : event;
    if (out[out.length - 1] !== s || event !== 'content_block_delta') out.push(s);
  }
  return out;
}

const partialJson = (events: SseEvent[], index: number) =>
  events
    .filter((e) => e.event === 'content_block_delta' && e.data.index === index)
    .map((e) => (e.data.delta as { partial_json: string }).partial_json);

describe('fake Anthropic server: tool use', function () {
  this.timeout(5000);
  this.slow(1500);

  let server: FakeAnthropic;
  let client: Anthropic;

  before(async () => {
    server = await startFakeAnthropic();
    client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const create = (body: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'max_tokens'>) =>
    client.messages.create({ model: MODEL, max_tokens: 256, ...body });

  /** Rejects with a BadRequestError whose error.message is exactly `message`. */
  const rejects400 = (p: Promise<unknown>, message: string) =>
    assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof Anthropic.BadRequestError, String(err));
      assert.strictEqual(err.type, 'invalid_request_error');
      const body = err.error as { type: string; error: { type: string; message: string }; request_id: string };
      assert.strictEqual(body.type, 'error');
      assert.strictEqual(body.error.message, message);
      assert.strictEqual(body.request_id, err.requestID);
      return true;
    });

  const ask: Anthropic.MessageParam = { role: 'user', content: 'What do a.ts and b.ts export?' };
  const callBoth: Anthropic.MessageParam = {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Reading both.' },
      { type: 'tool_use', id: 'toolu_A', name: 'read_file', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'toolu_B', name: 'read_file', input: { path: 'b.ts' } },
    ],
  };
  const result = (id: string, text = 'export {}'): Anthropic.ToolResultBlockParam => ({ type: 'tool_result', tool_use_id: id, content: text });

  describe('tool_use and tool_result pairing', () => {
    it('accepts a tool loop whose tool_use ids are all answered in the next user message', async () => {
      await create({ tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: [result('toolu_B'), result('toolu_A'), { type: 'text', text: 'and?' }] }] });
      // Consecutive user messages are one turn, as the API merges them.
      await create({ tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: [result('toolu_A')] }, { role: 'user', content: [result('toolu_B')] }] });
    });

    it('tool_use ids without tool_result right after → 400 naming the assistant message and the ids', async () => {
      const missing = (ids: string) =>
        `messages.1: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${ids}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      await rejects400(create({ tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: 'Never mind.' }] }), missing('toolu_A, toolu_B'));
      await rejects400(create({ tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: [result('toolu_A')] }] }), missing('toolu_B'));
      // The results must come in the very next turn, not later.
      await rejects400(
        create({
          tools: [READ_FILE],
          messages: [ask, callBoth, { role: 'user', content: 'wait' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: [result('toolu_A'), result('toolu_B')] }],
        }),
        missing('toolu_A, toolu_B'),
      );
      // count_tokens checks the same.
      await assert.rejects(client.messages.countTokens({ model: MODEL, tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: 'x' }] }), Anthropic.BadRequestError);
    });

    it('a tool_result not answering a tool_use of the previous assistant message → 400 naming the block', async () => {
      const unexpected = (at: string, id: string) =>
        `${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      await rejects400(
        create({ tools: [READ_FILE], messages: [ask, callBoth, { role: 'user', content: [result('toolu_A'), result('toolu_B'), result('toolu_C')] }] }),
        unexpected('messages.2.content.2', 'toolu_C'),
      );
      await rejects400(
        create({ tools: [READ_FILE], messages: [ask, { role: 'assistant', content: 'No tools needed.' }, { role: 'user', content: [result('toolu_A')] }] }),
        unexpected('messages.2.content.0', 'toolu_A'),
      );
      await rejects400(create({ tools: [READ_FILE], messages: [{ role: 'user', content: [result('toolu_A')] }] }), unexpected('messages.0.content.0', 'toolu_A'));
    });
  });

  describe('tools and tool_choice', () => {
    it('accepts custom tools with valid names, and the text editor tool under its version\'s name', async () => {
      await create({
        tools: [
          READ_FILE,
          { ...READ_FILE, name: 'a'.repeat(128) },
          { ...READ_FILE, name: 'replace-string_in_file2' },
          { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
        ],
        tool_choice: { type: 'tool', name: 'str_replace_based_edit_tool' },
        messages: [ask],
      });
      await create({ tools: [{ type: 'text_editor_20250124', name: 'str_replace_editor' }], tool_choice: { type: 'any' }, messages: [ask] });
      await create({ tools: [READ_FILE], tool_choice: { type: 'none' }, messages: [ask] });
    });

    it('rejects bad names, input schemas, text editor names, duplicates and unknown types', async () => {
      const cases: Array<[unknown[], string]> = [
        [[{ ...READ_FILE, name: 'read file' }], "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"],
        [[READ_FILE, { ...READ_FILE, name: 'a'.repeat(129) }], "tools.1.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"],
        [[{ ...READ_FILE, name: '' }], "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"],
        [[{ description: 'x', input_schema: { type: 'object' } }], 'tools.0.custom.name: Field required'],
        [[{ name: 'read_file' }], 'tools.0.custom.input_schema: Field required'],
        [[{ ...READ_FILE, input_schema: { type: 'string' } }], "tools.0.custom.input_schema.type: Input should be 'object'"],
        [[{ ...READ_FILE, type: 'custom', input_schema: {} }], "tools.0.custom.input_schema.type: Input should be 'object'"],
        [[{ type: 'text_editor_20250728', name: 'str_replace_editor' }], "tools.0.text_editor_20250728.name: Input should be 'str_replace_based_edit_tool'"],
        [[{ type: 'text_editor_20250124', name: 'str_replace_based_edit_tool' }], "tools.0.text_editor_20250124.name: Input should be 'str_replace_editor'"],
        [
          [{ type: 'text_editor_20990101', name: 'str_replace_based_edit_tool' }],
          "tools.0: Input tag 'text_editor_20990101' found using 'type' does not match any of the expected tags: 'custom', 'text_editor_20250728', 'text_editor_20250429', 'text_editor_20250124'",
        ],
        [[READ_FILE, { ...READ_FILE, description: 'again' }], 'tools: Tool names must be unique.'],
        [[{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }, { ...READ_FILE, name: 'str_replace_based_edit_tool' }], 'tools: Tool names must be unique.'],
      ];
      for (const [tools, message] of cases) {
        await rejects400(create({ tools: tools as Anthropic.ToolUnion[], messages: [ask] }), message);
      }
      await assert.rejects(client.messages.countTokens({ model: MODEL, tools: [READ_FILE, READ_FILE], messages: [ask] }), Anthropic.BadRequestError);
    });

    it('tool_choice naming a tool that is not in tools → 400', async () => {
      await rejects400(create({ tools: [READ_FILE], tool_choice: { type: 'tool', name: 'write_file' }, messages: [ask] }), "tool_choice.name: Tool 'write_file' not found in tools.");
      await rejects400(create({ tool_choice: { type: 'tool', name: 'read_file' }, messages: [ask] }), "tool_choice.name: Tool 'read_file' not found in tools.");
    });
  });

  describe('replies with tool_use blocks', () => {
    it('text and several tool_use blocks in one reply, streamed and not', async () => {
      const script = {
        text: 'Reading both files.',
        toolUse: [
          { name: 'read_file', input: { path: 'a.ts' }, id: 'toolu_01first' },
          { name: 'read_file', input: { path: 'src/b.ts', range: [1, 40], note: 'a "quoted", spaced: value' } },
        ],
        chunkSize: 5,
      };
      server.enqueue(script, script);
      const jsonPieces: string[] = [];
      const stream = client.messages.stream({ model: MODEL, max_tokens: 256, tools: [READ_FILE], messages: [ask] });
      stream.on('inputJson', (partial) => jsonPieces.push(partial));
      const streamed = await stream.finalMessage();
      const plain = await create({ tools: [READ_FILE], messages: [ask] });
      for (const msg of [streamed, plain]) {
        assert.strictEqual(msg.stop_reason, 'tool_use');
        assert.deepStrictEqual(
          msg.content.map((b) => b.type),
          ['text', 'tool_use', 'tool_use'],
        );
        const [text, first, second] = msg.content as [Anthropic.TextBlock, Anthropic.ToolUseBlock, Anthropic.ToolUseBlock];
        assert.strictEqual(text.text, 'Reading both files.');
        assert.strictEqual(first.id, 'toolu_01first');
        assert.deepStrictEqual(first.input, { path: 'a.ts' });
        assert.match(second.id, /^toolu_01[A-Za-z0-9]{22}$/);
        assert.deepStrictEqual(second.input, { path: 'src/b.ts', range: [1, 40], note: 'a "quoted", spaced: value' });
      }
      assert.ok(jsonPieces.length > 4, 'the inputs come in several input_json_delta pieces');
    });

    it('streams a tool_use reply in the docs transcript\'s shape: input {} at start, an empty first delta, spaced JSON', async () => {
      const transcript = parseSse(fs.readFileSync(TOOL_USE_TRANSCRIPT, 'utf8') + '\n');
      const start = transcript.find((e) => e.event === 'content_block_start' && (e.data.content_block as { type: string }).type === 'tool_use')!;
      const toolBlock = start.data.content_block as { id: string; name: string };
      const text = transcript
        .filter((e) => e.event === 'content_block_delta' && (e.data.delta as { type: string }).type === 'text_delta')
        .map((e) => (e.data.delta as { text: string }).text)
        .join('');
      server.enqueue({ text, toolUse: [{ id: toolBlock.id, name: toolBlock.name, input: { location: 'San Francisco, CA' } }], chunkSize: 7 });
      const res = await fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: MODEL, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Weather in San Francisco?' }] }),
      });
      const ours = parseSse(await res.text());
      assert.deepStrictEqual(shape(ours), shape(transcript));
      const ourStart = ours.find((e) => e.event === 'content_block_start' && e.data.index === 1)!;
      assert.deepStrictEqual(ourStart.data.content_block, start.data.content_block);
      const pieces = partialJson(ours, 1);
      assert.strictEqual(pieces[0], '', 'the first input_json_delta is empty, as in the transcript');
      assert.strictEqual(pieces.join(''), partialJson(transcript, 1).join(''));
      assert.strictEqual(pieces.join(''), '{"location": "San Francisco, CA"}');
      assert.ok(pieces.length > 3);
    });
  });

  describe("the SDK's beta messages, and the `?beta=true` query older SDKs add to their paths", () => {
    it('create, stream and countTokens answer as /v1/messages does, with or without ?beta=true', async () => {
      // SDK 1.13 sends client.beta.messages to /v1/messages (its `beta` qualifier stays in the
      // client); earlier SDKs added ?beta=true, sent here as a query option. The router matches the path alone.
      const betas = ['context-1m-2025-08-07', 'fast-mode-2026-02-01'];
      const beta = { query: { beta: 'true' } };
      const messages: Anthropic.Beta.BetaMessageParam[] = [{ role: 'user', content: 'hi' }];
      server.enqueue({ text: 'beta reply' }, { text: 'beta reply' }, { toolUse: [{ name: 'read_file', input: { path: 'a.ts' } }] });
      for (const options of [undefined, beta]) {
        const made = await client.beta.messages.create({ model: MODEL, max_tokens: 64, betas, messages }, options);
        assert.strictEqual(made.content[0].type === 'text' && made.content[0].text, 'beta reply');
      }
      const streamed = await client.beta.messages.stream({ model: MODEL, max_tokens: 64, betas, tools: [READ_FILE], messages }, beta).finalMessage();
      assert.strictEqual(streamed.stop_reason, 'tool_use');
      const counted = await client.beta.messages.countTokens({ model: MODEL, betas, messages }, beta);
      assert.ok(counted.input_tokens > 0);
      assert.deepStrictEqual(
        server.requests.map((r) => r.path),
        ['/v1/messages', '/v1/messages?beta=true', '/v1/messages?beta=true', '/v1/messages/count_tokens?beta=true'],
      );
      // (beta countTokens adds token-counting-2024-11-01 to the list.)
      for (const r of server.requests) assert.ok(String(r.headers['anthropic-beta']).startsWith(betas.join(',')), String(r.headers['anthropic-beta']));
      // The same validation applies.
      await rejects400(
        client.beta.messages.create({ model: MODEL, max_tokens: 64, betas, tools: [READ_FILE, READ_FILE], messages }, beta),
        'tools: Tool names must be unique.',
      );
    });
  });
});
