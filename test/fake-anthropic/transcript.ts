// Replaying a recorded .sse transcript: byte-for-byte as a stream (plus the "\n" the SDK needs
// after the last event), or rebuilt into one Message for a non-streaming request. Either way the
// Message is handed back once all of it was written, for a thread to store (threadRequest.ts).
import * as fs from 'fs';
import { HttpError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { isRecord, parseJson, parseJsonOrThrow, type JsonObject } from './json';
import { end, openSse, write, writeAll } from './sse';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Rebuilds a non-streaming Message from an SSE transcript; undefined without a message_start. */
export function messageFromTranscript(raw: string): JsonObject | undefined {
  let message: JsonObject | undefined;
  let content: JsonObject[] = [];
  const partialJson = new Map<number, string>();
  for (const block of raw.replace(/\r\n?/g, '\n').split('\n\n')) {
    const dataLine = block.split('\n').find((l) => l.startsWith('data:'));
    const ev = dataLine === undefined ? undefined : parseJson(dataLine.slice(5).trim());
    if (!isRecord(ev)) continue;
    if (ev.type === 'message_start') {
      content = [];
      message = { ...(isRecord(ev.message) ? ev.message : {}), content };
      continue;
    }
    if (!message) continue;
    if (ev.type === 'message_delta') {
      if (isRecord(ev.delta)) Object.assign(message, ev.delta);
      message.usage = { ...(isRecord(message.usage) ? message.usage : {}), ...(isRecord(ev.usage) ? ev.usage : {}) };
      continue;
    }
    const index = ev.index;
    if (typeof index !== 'number') continue;
    if (ev.type === 'content_block_start') {
      content[index] = { ...(isRecord(ev.content_block) ? ev.content_block : {}) };
    } else if (ev.type === 'content_block_delta') {
      const b = content[index];
      const d = ev.delta;
      if (!isRecord(b) || !isRecord(d)) continue;
      if (d.type === 'text_delta') b.text = str(b.text) + str(d.text);
      else if (d.type === 'thinking_delta') b.thinking = str(b.thinking) + str(d.thinking);
      else if (d.type === 'signature_delta') b.signature = d.signature;
      else if (d.type === 'input_json_delta') partialJson.set(index, (partialJson.get(index) ?? '') + str(d.partial_json));
    } else if (ev.type === 'content_block_stop') {
      const json = partialJson.get(index);
      const b = content[index];
      if (json !== undefined && isRecord(b)) b.input = json ? parseJsonOrThrow(json) : {};
    }
  }
  return message;
}

/** The Message the transcript holds, once it was all written; undefined when the client went away first. */
export async function replayTranscript(ex: Exchange, file: string, streaming: boolean, delayMs: number): Promise<JsonObject | undefined> {
  const raw = fs.readFileSync(file, 'utf8');
  if (!streaming) {
    const message = messageFromTranscript(raw);
    if (!message) throw new HttpError(500, 'api_error', `fake server error: no message_start in ${file}`);
    if (ex.closed) return undefined;
    sendJson(ex, 200, message);
    return message;
  }
  openSse(ex);
  // One write per event when dripping, else the whole file at once.
  const parts = delayMs > 0 ? raw.split(/(?<=\n\n)/) : [raw];
  const complete = await writeAll(ex, parts, delayMs);
  await write(ex, '\n');
  end(ex);
  return complete ? messageFromTranscript(raw) : undefined;
}
