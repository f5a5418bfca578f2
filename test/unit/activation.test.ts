// Issue #13, a light activation: dist/extension.js (what VS Code loads to activate) holds only the
// registrations, and activate() loads nothing else. Builds the production bundles into a temp folder
// (scripts/build.mjs --out --metafile), reads what went into extension.js, then requires it with a
// recording stand-in for `vscode` and calls activate() with a fake context.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import { CommandId, ViewId } from '../../src/platform/contributions';

// out/test/unit -> repo root
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** What must never be in the activation bundle: the heavy libraries, the prompts, the services. */
const HEAVY: ReadonlyArray<[string, RegExp]> = [
  ['markdown-it', /node_modules\/(markdown-it|linkify-it|mdurl|uc\.micro|entities)\//],
  ['highlight.js', /node_modules\/highlight\.js\//],
  ['the SDK', /node_modules\/@anthropic-ai\/|^src\/claude\/(?!sdk\.ts$)/],
  ['secretlint', /node_modules\/@?secretlint/],
  ['valibot', /node_modules\/valibot\//],
  ['the prompts', /^src\/core\/prompts\.ts$/],
  ['the reply pipeline, panel and chat', /^src\/(platform\/replyPanel|features\/chat\/|platform\/webview\/)/],
  ['the webview', /^src\/webview\//],
];

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown>; bytes: number }>;
}

/** A stand-in for the `vscode` module that records what activation registers. */
function fakeVscode() {
  const registered = {
    commands: [] as string[],
    views: [] as string[],
    codeActions: 0,
    modelProviders: [] as Array<{ vendor: string; provider: { provideLanguageModelChatInformation(o: { silent: boolean }, t: unknown): Promise<unknown[]> } }>,
    participants: [] as string[],
  };
  const disposable = { dispose: () => undefined };
  const event = () => disposable;
  class EventEmitter {
    event = event;
    fire(): void {}
    dispose(): void {}
  }
  const kind = (value: string): { value: string; append(s: string): unknown } => ({ value, append: (s: string) => kind(`${value}.${s}`) });
  const vscode = {
    EventEmitter,
    CodeActionKind: { QuickFix: kind('quickfix'), Refactor: kind('refactor'), RefactorRewrite: kind('refactor.rewrite') },
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    l10n: { t: (s: string) => s, bundle: undefined },
    commands: {
      registerCommand: (id: string) => (registered.commands.push(id), disposable),
      executeCommand: () => Promise.resolve(undefined),
    },
    window: {
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: event,
      registerWebviewViewProvider: (id: string) => (registered.views.push(id), disposable),
    },
    languages: { registerCodeActionsProvider: () => (registered.codeActions++, disposable) },
    workspace: {
      getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback }),
      onDidChangeConfiguration: event,
      isTrusted: true,
    },
    lm: {
      registerLanguageModelChatProvider: (vendor: string, provider: (typeof registered.modelProviders)[number]['provider']) => (
        registered.modelProviders.push({ vendor, provider }), disposable
      ),
      selectChatModels: () => Promise.resolve([]),
    },
    chat: { createChatParticipant: (id: string) => (registered.participants.push(id), { dispose: () => undefined }) },
  };
  return { vscode, registered };
}

function fakeContext(secrets: Record<string, string>) {
  const store = new Map<string, unknown>();
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionUri: { path: '/ext' },
    secrets: { get: (k: string) => Promise.resolve(secrets[k]), onDidChange: () => ({ dispose: () => undefined }) },
    globalState: { get: (k: string) => store.get(k), update: (k: string, v: unknown) => (store.set(k, v), Promise.resolve()) },
    workspaceState: { get: () => undefined, update: () => Promise.resolve() },
  };
}

describe('activation', function () {
  this.timeout(120_000);
  let dir: string;
  let meta: Meta;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-activation-'));
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--metafile', `--out=${dir}`], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(built.status, 0, `${built.stdout}\n${built.stderr}`);
    meta = JSON.parse(fs.readFileSync(path.join(dir, 'extension.js.meta.json'), 'utf8')) as Meta;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bundles none of the heavy modules into dist/extension.js', () => {
    const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('extension.js'));
    assert.ok(output, Object.keys(meta.outputs).join(', '));
    const inputs = Object.keys(output[1].inputs).map((i) => i.replace(/^(\.\.\/)+[^/]+\/node_modules\//, 'node_modules/'));
    const heavy = HEAVY.flatMap(([what, pattern]) => inputs.filter((i) => pattern.test(i)).map((i) => `${what}: ${i}`));
    assert.deepStrictEqual(heavy, []);
    assert.ok(output[1].bytes < 20_000, `dist/extension.js is ${output[1].bytes} bytes`);
  });

  it('keeps the AWS and Google code out of every bundle but its own, with one SDK for all', () => {
    const inputsOf = (bundle: string): string[] => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, `${bundle}.meta.json`), 'utf8')) as Meta;
      const output = Object.entries(m.outputs).find(([name]) => name.endsWith(bundle));
      assert.ok(output, `${bundle} in its metafile`);
      return Object.keys(output[1].inputs).map((i) => i.replace(/^(\.\.\/)+[^/]+\/node_modules\//, 'node_modules/'));
    };
    const PLATFORM: ReadonlyArray<[string, RegExp]> = [
      ['bedrock.js', /node_modules\/@(aws-sdk|smithy|aws-crypto)\/|node_modules\/@anthropic-ai\/bedrock-sdk\//],
      ['vertex.js', /node_modules\/(google-auth-library|gaxios|gtoken|gcp-metadata)\/|node_modules\/@anthropic-ai\/vertex-sdk\//],
      ['foundry.js', /node_modules\/@anthropic-ai\/foundry-sdk\//],
    ];
    for (const bundle of ['extension.js', 'features.js', 'sdk.js', 'secretlint.js']) {
      const inputs = inputsOf(bundle);
      for (const [owner, pattern] of PLATFORM) {
        assert.deepStrictEqual(inputs.filter((i) => pattern.test(i)), [], `${bundle} holds code of ${owner}`);
      }
    }
    for (const [bundle, pattern] of PLATFORM) {
      const inputs = inputsOf(bundle);
      assert.ok(inputs.some((i) => pattern.test(i)), `${bundle} holds its platform's SDK`);
      // The SDK itself comes from dist/sdk.js (src/claude/sdkModules.ts), not a copy of its own.
      assert.deepStrictEqual(inputs.filter((i) => i.startsWith('node_modules/@anthropic-ai/sdk/')), [], `${bundle} bundles a second SDK`);
    }
  });

  it('registers every command, the chat view, the code actions and the native chat, and loads no other bundle', async () => {
    const { vscode, registered } = fakeVscode();
    const mod = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const load = mod._load;
    mod._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? vscode : load.call(this, request, ...rest);
    };
    try {
      const extension = require(path.join(dir, 'extension.js')) as { activate(context: unknown): unknown };
      const context = fakeContext({ 'claude.apiKey': 'sk-ant-test-key' });
      const api = extension.activate(context);
      assert.ok(api);
      assert.deepStrictEqual([...registered.commands].sort(), Object.values(CommandId).sort());
      assert.deepStrictEqual(registered.views, [ViewId.chat]);
      assert.strictEqual(registered.codeActions, 1);
      assert.deepStrictEqual(registered.participants, ['claude-assistant.claude']);
      assert.deepStrictEqual(
        registered.modelProviders.map((p) => p.vendor),
        ['claude-assistant'],
      );
      // VS Code's silent look-up of the models (activation asks once) is answered without loading the rest.
      const models = await registered.modelProviders[0]!.provider.provideLanguageModelChatInformation({ silent: true }, undefined);
      assert.ok(models.length > 0, 'the built-in models, with a key stored');
      const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dir));
      assert.deepStrictEqual(loaded, [path.join(dir, 'extension.js')]);
      for (const d of context.subscriptions) d.dispose();
    } finally {
      mod._load = load;
    }
  });
});
