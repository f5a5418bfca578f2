// Claude on Amazon Bedrock end to end below VS Code: the real client (src/claude) with the Bedrock
// SDK and AWS's credential chain against the fake Bedrock (test/fake-platforms/), which checks
// the SigV4 signature and streams in AWS event-stream framing; and the failures, classified.
import * as assert from 'assert';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { buildParams, createClient, StreamFailure, streamMessage, type ClientConfig } from '../../src/claude/client';
import { classifyError } from '../../src/claude/classifyError';
import { runToolLoop } from '../../src/claude/toolLoop';
import type { Connection } from '../../src/core/connection';
import { describeFailure, type Failure } from '../../src/core/failures';
import { FAKE_AWS, startFakeBedrock, type BedrockScript, type FakeBedrock } from '../fake-platforms/bedrock';
import { isolateAwsEnv, makeAwsHome, type AwsHome } from '../fake-platforms/awsProfiles';

const REGION = 'eu-west-3';
const MODEL = 'claude-sonnet-5-5';
const quiet = { info: () => undefined, warn: () => undefined };

type BedrockConnection = Extract<Connection, { provider: 'bedrock' }>;

describe('Amazon Bedrock (fake Bedrock, real SDK and credential chain)', function () {
  this.timeout(20_000);
  let fake: FakeBedrock;
  let home: AwsHome;
  let restoreEnv: () => void;

  const connection = (over: Partial<BedrockConnection> = {}): BedrockConnection => ({
    provider: 'bedrock',
    region: REGION,
    profile: '',
    baseUrl: fake.url,
    inferencePrefix: '',
    ...over,
  });
  const config = (over: Partial<BedrockConnection> = {}, maxRetries = 0): ClientConfig => ({ connection: connection(over), maxRetries, idleTimeoutMs: 10_000 });
  const params = (text = 'Explain closures.', system = 'You are terse.'): MessageCreateParamsBase =>
    buildParams({ model: MODEL, maxTokens: 1024, system, messages: [{ role: 'user', content: text }] });

  /** Streams one message; resolves with the message or the classified failure. */
  async function stream(cfg: ClientConfig, p: MessageCreateParamsBase = params(), handlers: Parameters<typeof streamMessage>[2] = {}, signal = new AbortController().signal) {
    try {
      const { message } = await streamMessage(cfg, p, handlers, signal, quiet);
      return { message };
    } catch (err) {
      assert.ok(err instanceof StreamFailure, String(err));
      const failure = classifyError(err.cause, { connection: cfg.connection, model: MODEL });
      return { failure, err };
    }
  }

  function platform(f: Failure | undefined): { code: string } & Record<string, unknown> {
    assert.ok(f, 'a failure');
    assert.strictEqual(f.kind, 'platform', JSON.stringify(f));
    return (f as Extract<Failure, { kind: 'platform' }>).problem as { code: string } & Record<string, unknown>;
  }

  before(async () => {
    fake = await startFakeBedrock({ region: REGION });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    home = makeAwsHome();
    // The default chain: keys from the environment.
    restoreEnv = isolateAwsEnv(home, { AWS_ACCESS_KEY_ID: FAKE_AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_AWS.secretAccessKey });
  });
  afterEach(() => {
    restoreEnv();
    home.remove();
  });

  describe('replies', () => {
    it('streams the text in order to the model\'s Bedrock path, SigV4-signed, with Bedrock\'s body', async () => {
      const text = 'Closures capture the variables of the scope they were made in, by reference.';
      fake.enqueue({ text, chunkSize: 3 });
      const deltas: string[] = [];
      const r = await stream(config(), params(), { onText: (d) => deltas.push(d) });
      assert.ok(r.message, JSON.stringify(r.failure));
      assert.ok(deltas.length > 20, `${deltas.length} deltas`);
      assert.strictEqual(deltas.join(''), text);
      assert.deepStrictEqual(r.message.content.map((b) => b.type), ['text']);

      const [req] = fake.requests;
      assert.strictEqual(req!.path, '/model/anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream');
      assert.strictEqual(req!.signedBy, FAKE_AWS.accessKeyId);
      assert.match(String(req!.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_AWS.accessKeyId}/\\d{8}/${REGION}/bedrock/aws4_request, `));
      assert.strictEqual(req!.body?.anthropic_version, '2026-10-21');
      assert.ok(!('model' in req!.body!) && !('stream' in req!.body!), req!.rawBody);
      assert.strictEqual(req!.headers['anthropic-version'], undefined);
      assert.strictEqual(req!.error, undefined);
    });

    it('streams thinking before the text, with its signature', async () => {
      fake.enqueue({ thinking: 'The user wants a short answer about closures.', text: 'A closure keeps its scope.', chunkSize: 5 });
      const thinking: string[] = [];
      const p = { ...params(), thinking: { type: 'enabled' as const, budget_tokens: 1024 }, max_tokens: 2048 };
      const r = await stream(config(), p, { onThinking: (d) => thinking.push(d) });
      assert.ok(r.message, JSON.stringify(r.failure));
      assert.strictEqual(thinking.join(''), 'The user wants a short answer about closures.');
      const [first, second] = r.message.content;
      assert.strictEqual(first!.type, 'thinking');
      assert.ok(first!.type === 'thinking' && first!.signature.length > 20);
      assert.ok(second!.type === 'text' && second!.text === 'A closure keeps its scope.');
      assert.deepStrictEqual(fake.requests[0]!.body?.thinking, { type: 'enabled', budget_tokens: 1024 });
    });

    it('reports usage with the prompt cache\'s fields: written on the first request, read on the next', async () => {
      const system = 'You are a careful reviewer. '.repeat(300); // well over 1024 tokens
      const first = await stream(config(), params('one', system));
      const second = await stream(config(), params('two', system));
      assert.ok(first.message && second.message);
      assert.ok(first.message.usage.cache_creation_input_tokens! > 1024, JSON.stringify(first.message.usage));
      assert.strictEqual(first.message.usage.cache_read_input_tokens, 0);
      // The system prompt's prefix is read back; the new question is not in the cache.
      const read = second.message.usage.cache_read_input_tokens!;
      assert.ok(read > 1024 && read < first.message.usage.cache_creation_input_tokens!, JSON.stringify(second.message.usage));
      // …and the prompt up to the new question's breakpoint is written.
      assert.ok(second.message.usage.cache_creation_input_tokens! > 0 && second.message.usage.output_tokens > 0, JSON.stringify(second.message.usage));

      fake.enqueue({ usage: { input_tokens: 11, output_tokens: 22, cache_read_input_tokens: 33, cache_creation_input_tokens: 44 } });
      const scripted = await stream(config());
      assert.deepStrictEqual(
        [scripted.message?.usage.input_tokens, scripted.message?.usage.output_tokens, scripted.message?.usage.cache_read_input_tokens, scripted.message?.usage.cache_creation_input_tokens],
        [11, 22, 33, 44],
      );
    });

    it('answers a request without streaming on /invoke', async () => {
      fake.enqueue({ text: 'Not streamed.' });
      const client = createClient(config(), quiet);
      const message = await client.messages.create({ ...params(), model: 'anthropic.claude-haiku-5-5-v1', stream: false });
      assert.deepStrictEqual(message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['Not streamed.']);
      assert.strictEqual(fake.requests[0]!.path, '/model/anthropic.claude-haiku-5-5-v1/invoke');
    });

    it('puts the cross-region inference profile prefix in the model path; a model that needs one says so without it', async () => {
      fake.inferenceProfileOnly.add('anthropic.claude-sonnet-5-5-v1');
      const plain = await stream(config());
      const problem = platform(plain.failure);
      assert.strictEqual(problem.code, 'bedrockModel');
      assert.strictEqual(problem.model, 'anthropic.claude-sonnet-5-5-v1');
      assert.strictEqual(problem.region, REGION);
      assert.match(String(problem.message), /on-demand throughput isn’t supported/);
      const words = describeFailure(plain.failure!);
      assert.match(words.title, /Bedrock cannot use the model anthropic\.claude-sonnet-5-5-v1 in eu-west-3/);
      assert.match(words.detail, /claude\.bedrock\.inferenceProfile/);
      assert.deepStrictEqual(words.actions, ['openSettings']);

      const prefixed = await stream(config({ inferencePrefix: 'eu' }));
      assert.ok(prefixed.message, JSON.stringify(prefixed.failure));
      assert.strictEqual(fake.requests[1]!.path, '/model/eu.anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream');
    });

    it('runs a tool call round trip through the tool loop', async () => {
      fake.enqueue(
        { text: 'Let me look.', toolUse: [{ id: 'toolu_01FakeBedrockTool000001', name: 'read_file', input: { path: 'src/a.ts' } }], usage: { input_tokens: 100, output_tokens: 10 } },
        { text: 'The file exports one function.', usage: { input_tokens: 150, output_tokens: 7 } },
      );
      const calls: unknown[] = [];
      const text: string[] = [];
      const outcome = await runToolLoop(
        config(),
        {
          model: MODEL,
          maxTokens: 1024,
          system: 'You read files.',
          messages: [{ role: 'user', content: 'What is in src/a.ts?' }],
          maxSteps: 4,
          tools: [
            {
              definition: { type: 'custom', name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
              run: async (input) => {
                calls.push(input);
                return { content: 'export function a() {}' };
              },
            },
          ],
        },
        { onText: (d) => text.push(d) },
        new AbortController().signal,
        quiet,
      );
      assert.deepStrictEqual(calls, [{ path: 'src/a.ts' }]);
      assert.strictEqual(outcome.requests, 2);
      assert.strictEqual(outcome.capped, false);
      assert.strictEqual(text.join(''), 'Let me look.The file exports one function.');
      assert.deepStrictEqual([outcome.usage.input_tokens, outcome.usage.output_tokens], [250, 17]);
      const second = fake.requests[1]!;
      assert.strictEqual(second.path, '/model/anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream');
      assert.strictEqual(second.signedBy, FAKE_AWS.accessKeyId);
      const messages = second.body?.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
      const result = messages[2]!.content.find((b) => b.type === 'tool_result');
      assert.strictEqual(result?.tool_use_id, 'toolu_01FakeBedrockTool000001');
      assert.strictEqual(result?.content, 'export function a() {}');
    });

    it('Stop ends the stream: the connection closes and the failure is "stopped"', async () => {
      fake.enqueue({ text: 'word '.repeat(300), chunkSize: 5, delayMs: 15 });
      const stop = new AbortController();
      let seen = '';
      const pending = stream(config(), params(), {
        onText: (d) => {
          seen += d;
          if (seen.length >= 30) stop.abort();
        },
      }, stop.signal);
      const r = await pending;
      assert.strictEqual(r.failure?.kind, 'stopped');
      await fake.requests[0]!.finished;
      assert.strictEqual(fake.requests[0]!.clientClosedEarly, true);
      assert.ok(seen.length < 200, `${seen.length} chars arrived`);
    });

    it('an exception inside the stream ends it with Bedrock\'s words, the text so far kept', async () => {
      fake.enqueue({ text: 'The first part arrives, then the model fails.', chunkSize: 4, fault: { kind: 'streamException', afterChars: 16, message: 'The model stream failed for a test.' } });
      let seen = '';
      const r = await stream(config(), params(), { onText: (d) => (seen += d) });
      assert.strictEqual(seen, 'The first part a');
      assert.ok(r.failure && r.failure.kind === 'streamCut', JSON.stringify(r.failure));
      assert.match(String(r.failure.message), /The model stream failed for a test/);
      assert.ok(r.err instanceof StreamFailure && r.err.usage, 'the usage of what streamed');
    });
  });

  describe('failures', () => {
    const fault = async (script: BedrockScript, maxRetries = 0) => {
      fake.enqueue(script);
      return (await stream(config({}, maxRetries))).failure;
    };

    it('model access denied → bedrockModel, naming the Bedrock model id and region and the console\'s "Model access"', async () => {
      const f = await fault({ fault: { kind: 'exception', type: 'AccessDeniedException' } });
      assert.deepStrictEqual(platform(f), { code: 'bedrockModel', model: 'anthropic.claude-sonnet-5-5-v1', region: REGION, message: "You don't have access to the model with the specified model ID" });
      assert.match(f!.requestId ?? '', /^[0-9a-f-]{36}$/, 'the x-amzn-RequestId');
      assert.match(describeFailure(f!).detail, /"Model access" in the Bedrock console/);
    });

    it('an IAM denial → awsDenied, asking for the bedrock:InvokeModel permissions', async () => {
      const message = `User: arn:aws:iam::000000000000:user/dev is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-sonnet-5-5-v1 because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action`;
      const f = await fault({ fault: { kind: 'exception', type: 'AccessDeniedException', message } });
      assert.strictEqual(platform(f).code, 'awsDenied');
      assert.match(describeFailure(f!).detail, /bedrock:InvokeModelWithResponseStream/);
    });

    it('on-demand throughput not supported → bedrockModel, pointing at the inference profile setting', async () => {
      const message = 'Invocation of model ID anthropic.claude-sonnet-5-5-v1 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.';
      const f = await fault({ fault: { kind: 'exception', type: 'ValidationException', message } });
      assert.strictEqual(platform(f).code, 'bedrockModel');
      assert.match(describeFailure(f!).detail, /claude\.bedrock\.inferenceProfile/);
    });

    it('an unknown model id → bedrockModel; another ValidationException is a bad request', async () => {
      const unknown = await stream(config(), { ...params(), model: 'anthropic.claude-nonexistent-v9' });
      assert.strictEqual(platform(unknown.failure).code, 'bedrockModel');
      assert.strictEqual(fake.requests[0]!.error, 'ValidationException');
      const other = await fault({ fault: { kind: 'exception', type: 'ValidationException', message: 'messages.0.content: Field required' } });
      assert.strictEqual(other?.kind, 'badRequest');
      const modelSays = await fault({ fault: { kind: 'exception', type: 'ValidationException', message: 'The model returned the following errors: this feature is not supported with the chosen settings' } });
      assert.strictEqual(modelSays?.kind, 'badRequest', 'the model\'s own 400 is not about the model id');
    });

    it('throttling (429) and unavailability (503) are the generic rate limit and server error', async () => {
      assert.strictEqual((await fault({ fault: { kind: 'exception', type: 'ThrottlingException' } }))?.kind, 'rateLimit');
      const server = await fault({ fault: { kind: 'exception', type: 'ServiceUnavailableException' } });
      assert.deepStrictEqual([server?.kind, server?.kind === 'server' && server.status], ['server', 503]);
    });

    it('the SDK retries a 503 and the retry gets the reply', async () => {
      fake.enqueue({ fault: { kind: 'exception', type: 'ServiceUnavailableException' } }, { text: 'Second attempt.' });
      const retries: number[] = [];
      const r = await stream(config({}, 1), params(), { onRetry: (i) => retries.push(i.status ?? 0) });
      assert.ok(r.message, JSON.stringify(r.failure));
      assert.deepStrictEqual(retries, [503]);
      assert.strictEqual(fake.requests.length, 2);
      assert.strictEqual(fake.requests[1]!.headers['x-stainless-retry-count'], '1');
    });
  });

  it('a server that cannot be reached is still a network error, retried with a forecast', async () => {
    const gone = await startFakeBedrock({ region: REGION });
    await gone.close();
    const retries: Array<string> = [];
    const r = await stream(config({ baseUrl: gone.url }, 1), params(), { onRetry: (i) => retries.push(i.reason) });
    assert.strictEqual(r.failure?.kind, 'network');
    assert.deepStrictEqual(retries, ['network error']);
  });

  describe('signatures and credentials', () => {
    it('a wrong secret fails the signature check → awsRefused', async () => {
      process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret-the-fake-knows';
      const r = await stream(config());
      assert.strictEqual(fake.requests[0]!.error, 'InvalidSignatureException');
      assert.strictEqual(platform(r.failure).code, 'awsRefused');
      assert.match(describeFailure(r.failure!).detail, /signature we calculated does not match.*Check the access key, the profile and the region/);
    });

    it('the fake recomputes the signature: a body changed after signing, or another region, is refused', async () => {
      const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      const url = new URL(`${fake.url}/model/anthropic.claude-haiku-5-5-v1/invoke`);
      const signed = async (region: string) =>
        new SignatureV4({ service: 'bedrock', region, credentials: FAKE_AWS, sha256: Sha256 }).sign({
          method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {},
          headers: { host: url.host, 'content-type': 'application/json' }, body,
        });
      const send = async (headers: Record<string, string>, sent: string) =>
        fetch(url, { method: 'POST', headers, body: sent }).then(async (res) => [res.status, res.headers.get('x-amzn-errortype')?.split(':')[0] ?? '', await res.text()] as const);
      const good = await signed(REGION);
      assert.strictEqual((await send(good.headers, body))[0], 200);
      // The same signature and claimed hash, another body.
      const tampered = await send(good.headers, body.replace('hi', 'ho'));
      assert.deepStrictEqual(tampered.slice(0, 2), [403, 'InvalidSignatureException']);
      const elsewhere = await send((await signed('us-west-2')).headers, body);
      assert.deepStrictEqual(elsewhere.slice(0, 2), [403, 'InvalidSignatureException']);
      const unsigned = await send({ 'content-type': 'application/json' }, body);
      assert.deepStrictEqual(unsigned.slice(0, 2), [403, 'MissingAuthenticationTokenException']);
      // Bedrock takes neither model nor stream in the body.
      const withModel = JSON.stringify({ ...JSON.parse(body), model: 'claude-haiku-5-5' });
      const signedWithModel = await new SignatureV4({ service: 'bedrock', region: REGION, credentials: FAKE_AWS, sha256: Sha256 }).sign({
        method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {},
        headers: { host: url.host, 'content-type': 'application/json' }, body: withModel,
      });
      const rejected = await send(signedWithModel.headers, withModel);
      assert.deepStrictEqual(rejected.slice(0, 2), [400, 'ValidationException']);
      assert.match(rejected[2], /extraneous key \[model\]/);
    });

    it('an unknown access key → awsRefused', async () => {
      process.env.AWS_ACCESS_KEY_ID = 'FAKEUNKNOWNACCESSKEY9';
      const r = await stream(config());
      assert.strictEqual(fake.requests[0]!.error, 'UnrecognizedClientException');
      assert.strictEqual(platform(r.failure).code, 'awsRefused');
      assert.match(describeFailure(r.failure!).detail, /The security token included in the request is invalid/);
    });

    it('a named profile of the credentials file signs the requests', async () => {
      fake.credentials.set('FAKEPROFILEACCESSKEY2', { accessKeyId: 'FAKEPROFILEACCESSKEY2', secretAccessKey: 'fake-secret-of-the-work-profile' });
      home.addCredentials('work', { aws_access_key_id: 'FAKEPROFILEACCESSKEY2', aws_secret_access_key: 'fake-secret-of-the-work-profile' });
      const r = await stream(config({ profile: 'work' }));
      assert.ok(r.message, JSON.stringify(r.failure));
      assert.strictEqual(fake.requests[0]!.signedBy, 'FAKEPROFILEACCESSKEY2', 'the profile wins over the environment\'s keys');
    });

    it('temporary credentials whose session token expired → awsExpired, naming the profile', async () => {
      const creds = { accessKeyId: 'FAKETEMPACCESSKEY003', secretAccessKey: 'fake-secret-of-a-session', sessionToken: 'fake-session-token-that-expired' };
      fake.credentials.set(creds.accessKeyId, creds);
      fake.expiredTokens.add(creds.sessionToken);
      home.addCredentials('temp', { aws_access_key_id: creds.accessKeyId, aws_secret_access_key: creds.secretAccessKey, aws_session_token: creds.sessionToken });
      const r = await stream(config({ profile: 'temp' }));
      assert.strictEqual(fake.requests[0]!.headers['x-amz-security-token'], creds.sessionToken);
      assert.strictEqual(fake.requests[0]!.error, 'ExpiredTokenException');
      assert.deepStrictEqual(platform(r.failure), { code: 'awsExpired', profile: 'temp' });
      assert.match(describeFailure(r.failure!).detail, /aws sso login --profile temp/);
    });

    for (const style of ['sso-session', 'legacy'] as const) {
      it(`an SSO profile (${style}) whose cached token expired → awsSsoExpired, not retried, nothing sent`, async () => {
        const startUrl = 'https://fake-sso.example.invalid/start';
        const expired = { accessToken: 'fake-expired-sso-access-token', expiresAt: new Date(Date.now() - 3600_000).toISOString(), region: 'eu-west-1', startUrl };
        const sso = { sso_account_id: '000000000000', sso_role_name: 'Developer', region: REGION };
        if (style === 'sso-session') {
          home.addConfig('profile dev', { ...sso, sso_session: 'corp' });
          home.addConfig('sso-session corp', { sso_start_url: startUrl, sso_region: 'eu-west-1' });
          home.writeSsoToken('corp', expired);
        } else {
          home.addConfig('profile dev', { ...sso, sso_start_url: startUrl, sso_region: 'eu-west-1' });
          home.writeSsoToken(startUrl, expired);
        }
        const retries: unknown[] = [];
        const started = Date.now();
        const r = await stream(config({ profile: 'dev' }, 2), params(), { onRetry: (i) => retries.push(i) });
        assert.deepStrictEqual(platform(r.failure), { code: 'awsSsoExpired', profile: 'dev' });
        assert.match(describeFailure(r.failure!).detail, /Run "aws sso login --profile dev"/);
        assert.deepStrictEqual(retries, [], 'no "network error" retries');
        assert.ok(Date.now() - started < 2000, 'no backoff');
        assert.strictEqual(fake.requests.length, 0);
      });
    }

    it('no credentials anywhere → awsNoCredentials at once, without retries', async () => {
      restoreEnv();
      restoreEnv = isolateAwsEnv(home);
      const retries: unknown[] = [];
      const started = Date.now();
      const r = await stream(config({}, 2), params(), { onRetry: (i) => retries.push(i) });
      assert.deepStrictEqual(platform(r.failure), { code: 'awsNoCredentials', profile: '' });
      const words = describeFailure(r.failure!);
      assert.match(words.title, /No AWS credentials were found/);
      assert.match(words.detail, /aws sso login --profile default/);
      assert.deepStrictEqual(retries, []);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
      assert.strictEqual(fake.requests.length, 0);
    });

    it('a profile that is not in the files → awsNoCredentials naming it', async () => {
      const r = await stream(config({ profile: 'missing' }));
      assert.deepStrictEqual(platform(r.failure), { code: 'awsNoCredentials', profile: 'missing' });
      assert.match(describeFailure(r.failure!).detail, /aws sso login --profile missing/);
    });
  });
});
