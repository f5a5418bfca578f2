// POST /v1/messages: checks the body, takes the next reply script and answers with it, as one
// JSON Message or as an SSE stream, replaying a transcript or playing a fault when scripted. A
// reply that is planned (not a transcript, not a status fault) reads and writes the prompt cache.
import { sendJson, type Exchange } from '../exchange';
import { playJsonFault, playStreamFault, sendStatusFault } from '../faults';
import { messageJson, planReply } from '../reply';
import { planEvents } from '../replyStream';
import { end, openSse, writeAll } from '../sse';
import type { FakeState } from '../state';
import { replayTranscript } from '../transcript';
import { checkMessagesRequest } from '../validate';

const DEFAULT_CHUNK_SIZE = 12;

export async function createMessage(ex: Exchange, state: FakeState, version: string): Promise<void> {
  const req = checkMessagesRequest(ex.body, version, 'messages');
  const script = state.nextScript();
  const streaming = req.stream === true;
  const { fault } = script;
  const delayMs = script.delayMs ?? 0;
  const chunkSize = script.chunkSize ?? DEFAULT_CHUNK_SIZE;

  if (fault?.kind === 'status') return sendStatusFault(ex, fault);
  if (script.transcript) return replayTranscript(ex, script.transcript, streaming, delayMs);

  // The response begins: the prompt cache is read and written now (not for a status fault above).
  const plan = planReply(script, req, state.promptCache.use(req));
  if (!streaming) return fault ? playJsonFault(ex, fault, plan) : sendJson(ex, 200, messageJson(plan));
  if (fault) return playStreamFault(ex, fault, plan, chunkSize, delayMs);
  openSse(ex);
  await writeAll(ex, planEvents(plan, chunkSize).map((e) => e.data), delayMs);
  end(ex);
}
