/**
 * A loopback fake of Amazon Bedrock Runtime for Anthropic's models, for tests: in-process, driven
 * through the object startFakeBedrock returns.
 *
 * - `POST /model/{modelId}/invoke` and `POST /model/{modelId}/invoke-with-response-stream`;
 * - every request must be signed with AWS Signature Version 4 (service `bedrock`, the fake's
 *   region) by credentials the fake knows; the signature is recomputed with @smithy/signature-v4
 *   (awsSigV4.ts). Unknown keys, bad signatures and expired session tokens get AWS's 403s;
 * - the body is checked as Bedrock checks it (anthropic_version, no model or stream) and as the
 *   Messages API checks it (bedrockRequest.ts); a model id must be Bedrock's, optionally with a
 *   cross-region inference profile prefix; a model can be made to need an inference profile;
 * - errors are AWS's JSON errors with `x-amzn-ErrorType` (awsErrors.ts);
 * - replies are the fake Anthropic server's scripts (text, thinking, tool_use, usage with the
 *   prompt cache's fields, pacing), streamed in AWS event-stream framing (eventStream.ts,
 *   bedrockReply.ts); faults: an exception instead of a reply, or one mid-stream.
 */
import type * as http from 'http';
import { Delays } from '../fake-anthropic/delays';
import { parseJson } from '../fake-anthropic/json';
import { PromptCache } from '../fake-anthropic/promptCache';
import { AwsError, newAwsRequestId, sendAwsError } from './awsErrors';
import { checkSigV4, type FakeAwsCredentials } from './awsSigV4';
import { checkInvokeBody, parseModelId } from './bedrockRequest';
import { sendInvoke, sendStream, type BedrockScript } from './bedrockReply';
import { listenLoopback } from './loopback';

export type { AwsExceptionType } from './awsErrors';
export type { FakeAwsCredentials } from './awsSigV4';
export type { BedrockFault, BedrockScript } from './bedrockReply';
export { BEDROCK_MODEL_IDS } from './bedrockRequest';

/** Obviously fake credentials the fake knows by default (no real key looks like these). */
export const FAKE_AWS: FakeAwsCredentials = { accessKeyId: 'FAKEACCESSKEYBEDROCK1', secretAccessKey: 'fake-secret-of-the-bedrock-fake-server' };

export interface BedrockRequest {
  method: string;
  /** The request target as sent (percent-encoded). */
  path: string;
  /** The model id of the path, decoded; '' when the path is not a model's. */
  modelId: string;
  stream: boolean;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  rawBody: string;
  /** The access key id of a valid signature; undefined when the request was refused before. */
  signedBy: string | undefined;
  /** The AWS error the fake answered with, if any. */
  error: string | undefined;
  clientClosedEarly: boolean;
  finished: Promise<void>;
}

export interface FakeBedrock {
  /** http://127.0.0.1:PORT: the client's baseURL. */
  url: string;
  region: string;
  /** Every request, in order. */
  requests: BedrockRequest[];
  /** Access key id → credentials the fake accepts (FAKE_AWS by default). */
  credentials: Map<string, FakeAwsCredentials>;
  /** Session tokens the fake answers ExpiredTokenException for. */
  expiredTokens: Set<string>;
  /** Base model ids that answer on-demand calls (no inference profile prefix) with a ValidationException. */
  inferenceProfileOnly: Set<string>;
  /** One script per model request, in order; when empty, the default reply. */
  enqueue(...scripts: BedrockScript[]): void;
  waitForRequests(n: number, timeoutMs?: number): Promise<BedrockRequest[]>;
  /** Forgets requests, scripts, the prompt cache and the expired tokens; restores the credentials. */
  reset(): void;
  close(): Promise<void>;
}

const MODEL_PATH = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;

export async function startFakeBedrock(opts: { region?: string } = {}): Promise<FakeBedrock> {
  const region = opts.region ?? 'us-east-1';
  const requests: BedrockRequest[] = [];
  const credentials = new Map<string, FakeAwsCredentials>([[FAKE_AWS.accessKeyId, FAKE_AWS]]);
  const expiredTokens = new Set<string>();
  const inferenceProfileOnly = new Set<string>();
  const queue: BedrockScript[] = [];
  const cache = new PromptCache();
  const delays = new Delays();
  const waiters = new Set<() => void>();
  let closing = false;

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
    const target = req.url ?? '/';
    const match = MODEL_PATH.exec(target.split('?')[0]);
    const rawBody = raw.toString('utf8');
    const parsed = parseJson(rawBody);
    let resolveFinished!: () => void;
    const rec: BedrockRequest = {
      method: req.method ?? 'GET',
      path: target,
      modelId: match ? decodeURIComponent(match[1]) : '',
      stream: match?.[2] === 'invoke-with-response-stream',
      headers: { ...req.headers },
      body: typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined,
      rawBody,
      signedBy: undefined,
      error: undefined,
      clientClosedEarly: false,
      finished: new Promise<void>((r) => (resolveFinished = r)),
    };
    let closed = false;
    res.on('close', () => {
      if (!res.writableFinished && !closing) rec.clientClosedEarly = true;
      closed = true;
      resolveFinished();
    });
    requests.push(rec);
    for (const w of [...waiters]) w();
    const requestId = newAwsRequestId();
    try {
      if (!match || req.method !== 'POST') throw new AwsError('UnrecognizedClientException', 'Unknown operation');
      const signer = await checkSigV4({ method: rec.method, target, headers: req.headers, body: raw }, { region, service: 'bedrock', credentials, expiredTokens });
      rec.signedBy = signer.accessKeyId;
      const model = parseModelId(match[1]);
      const checked = checkInvokeBody(parsed, model, rec.stream);
      if (!model.prefix && inferenceProfileOnly.has(model.base)) {
        throw new AwsError(
          'ValidationException',
          `Invocation of model ID ${model.base} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
        );
      }
      const script = queue.shift() ?? {};
      if (script.fault?.kind === 'exception') throw new AwsError(script.fault.type, script.fault.message);
      const out = { res, requestId, closed: () => closed, finished: rec.finished, sleep: (ms: number) => delays.sleep(ms) };
      const prompt = cache.use(checked);
      if (rec.stream) await sendStream(out, script, checked, prompt);
      else sendInvoke(out, script, checked, prompt);
    } catch (err) {
      if (closed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const e = err instanceof AwsError ? err : new AwsError('InternalServerException', `fake Bedrock error: ${err instanceof Error ? err.message : String(err)}`);
      rec.error = e.type;
      sendAwsError(res, requestId, e);
    }
  }

  const loopback = await listenLoopback((req, res, body) => void answer(req, res, body));

  return {
    url: loopback.origin,
    region,
    requests,
    credentials,
    expiredTokens,
    inferenceProfileOnly,
    enqueue: (...scripts) => void queue.push(...scripts),
    waitForRequests(n, timeoutMs = 5000) {
      return new Promise<BedrockRequest[]>((resolve, reject) => {
        const check = (): void => {
          if (requests.length < n) return;
          done();
          resolve(requests.slice());
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`fake Bedrock: timed out waiting for ${n} request(s); got ${requests.length}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      cache.clear();
      expiredTokens.clear();
      inferenceProfileOnly.clear();
      credentials.clear();
      credentials.set(FAKE_AWS.accessKeyId, FAKE_AWS);
    },
    close() {
      closing = true;
      delays.stopAll();
      return loopback.close();
    },
  };
}
