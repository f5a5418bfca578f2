// A Bedrock reply from a script: the fake Anthropic server's reply planning (text, thinking,
// tool_use, usage with the prompt cache's fields, pacing) sent as InvokeModel's JSON or as
// InvokeModelWithResponseStream's event stream, with Bedrock's invocation metrics on the last
// event. A scripted stream exception cuts the stream after so many characters of text.
import type * as http from 'http';
import { messageJson, planReply, type PlannedReply } from '../fake-anthropic/reply';
import { planEvents } from '../fake-anthropic/replyStream';
import type { PromptUsage } from '../fake-anthropic/promptCache';
import type { CheckedRequest, ReplyScript } from '../fake-anthropic/types';
import { AWS_EXCEPTIONS, type AwsExceptionType } from './awsErrors';
import { chunkFrame, exceptionFrame } from './eventStream';

export type BedrockFault =
  /** An error answer before any bytes of a reply. */
  | { kind: 'exception'; type: AwsExceptionType; message?: string }
  /** The stream starts, sends `afterChars` characters of text, then an exception event. */
  | { kind: 'streamException'; afterChars: number; exceptionType?: string; message?: string };

export interface BedrockScript extends Omit<ReplyScript, 'fault' | 'transcript'> {
  fault?: BedrockFault;
}

export interface ReplyOutput {
  res: http.ServerResponse;
  requestId: string;
  /** true once the client went away. */
  closed(): boolean;
  /** Resolves when the response finished or the client went away. */
  finished: Promise<void>;
  sleep(ms: number): Promise<void>;
}

const DEFAULT_CHUNK_SIZE = 12;

/** The script without its fault, as the reply planner takes it. */
function replyScript(script: BedrockScript): ReplyScript {
  return { ...script, fault: undefined };
}

/** The JSON of an SSE event string the fake Anthropic server frames ("event: …\ndata: {…}\n\n"). */
function eventJson(sse: string): Record<string, unknown> {
  const line = sse.split('\n').find((l) => l.startsWith('data: '));
  if (!line) throw new Error(`not an SSE event: ${sse}`);
  return JSON.parse(line.slice('data: '.length)) as Record<string, unknown>;
}

function metrics(plan: PlannedReply, started: number): Record<string, number> {
  const ms = Date.now() - started;
  return { inputTokenCount: plan.usage.input_tokens, outputTokenCount: plan.usage.output_tokens, invocationLatency: ms, firstByteLatency: Math.min(ms, 5) };
}

function write(out: ReplyOutput, frame: Uint8Array): Promise<void> {
  return new Promise<void>((resolve) => {
    if (out.closed()) return resolve();
    out.res.write(frame, () => resolve());
    // A connection that goes away may never call back.
    void out.finished.then(() => resolve());
  });
}

export function sendInvoke(out: ReplyOutput, script: BedrockScript, req: CheckedRequest, prompt: PromptUsage): void {
  const plan = planReply(replyScript(script), req, prompt);
  const body = JSON.stringify(messageJson(plan));
  out.res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': out.requestId,
    'x-amzn-bedrock-input-token-count': String(plan.usage.input_tokens),
    'x-amzn-bedrock-output-token-count': String(plan.usage.output_tokens),
    'x-amzn-bedrock-invocation-latency': '5',
  });
  out.res.end(body);
}

export async function sendStream(out: ReplyOutput, script: BedrockScript, req: CheckedRequest, prompt: PromptUsage): Promise<void> {
  const started = Date.now();
  const plan = planReply(replyScript(script), req, prompt);
  const fault = script.fault?.kind === 'streamException' ? script.fault : undefined;
  let events = planEvents(plan, script.chunkSize ?? DEFAULT_CHUNK_SIZE, fault?.afterChars);
  if (fault) {
    // Up to the text delta that reaches afterChars (at least the text block's start).
    const last = events.findIndex((e) => e.faultCandidate && e.textChars >= fault.afterChars);
    events = events.slice(0, last === -1 ? Math.max(1, events.length - 3) : last + 1);
  }
  out.res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': out.requestId,
    'x-amzn-bedrock-content-type': 'application/json',
  });
  out.res.flushHeaders();
  for (let i = 0; i < events.length; i++) {
    if (out.closed()) return;
    if (i > 0) await out.sleep(script.delayMs ?? 0);
    const json = eventJson(events[i].data);
    if (json.type === 'message_stop') json['amazon-bedrock-invocationMetrics'] = metrics(plan, started);
    await write(out, chunkFrame(json));
  }
  if (fault && !out.closed()) {
    await out.sleep(script.delayMs ?? 0);
    const type = fault.exceptionType ?? 'modelStreamErrorException';
    const known = AWS_EXCEPTIONS[(type.charAt(0).toUpperCase() + type.slice(1)) as AwsExceptionType];
    await write(out, exceptionFrame(type, fault.message ?? known?.message ?? 'The model stream failed.'));
  }
  if (!out.closed()) out.res.end();
}
