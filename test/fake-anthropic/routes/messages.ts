// POST /v1/messages: checks the body (and its `thread`: threadRequest.ts), takes the next reply
// script and answers with it, as one JSON Message or as an SSE stream, replaying a transcript or
// playing a fault when scripted. A reply that is planned (not a transcript, not a status fault)
// reads and writes the prompt cache. A reply written in full is stored when the request created or
// continued a thread; a fault or a client that went away stores nothing.
import { sendJson, type Exchange } from '../exchange';
import { playJsonFault, playStreamFault, sendStatusFault } from '../faults';
import { messageJson, planReply } from '../reply';
import { planEvents } from '../replyStream';
import { end, openSse, writeAll } from '../sse';
import type { FakeState } from '../state';
import { openTurn } from '../threadRequest';
import { messageFromTranscript, replayTranscript } from '../transcript';

const DEFAULT_CHUNK_SIZE = 12;

export async function createMessage(ex: Exchange, state: FakeState, version: string): Promise<void> {
  const turn = openTurn(ex, state.threads, version);
  const req = turn.request;
  const script = state.nextScript();
  const streaming = req.stream === true;
  const { fault } = script;
  const delayMs = script.delayMs ?? 0;
  const chunkSize = script.chunkSize ?? DEFAULT_CHUNK_SIZE;

  if (fault?.kind === 'status') return sendStatusFault(ex, fault);
  if (script.transcript) {
    const sent = await replayTranscript(ex, script.transcript, streaming, delayMs);
    if (sent) turn.replied(sent);
    return;
  }

  // The response begins: the prompt cache is read and written now (not for a status fault above).
  const plan = planReply(script, req, state.promptCache.use(req));
  const message = messageJson(plan);
  if (!streaming) {
    if (fault) return playJsonFault(ex, fault, plan);
    if (ex.closed) return;
    sendJson(ex, 200, message);
    return turn.replied(message);
  }
  if (fault) return playStreamFault(ex, fault, plan, chunkSize, delayMs);
  openSse(ex);
  const events = planEvents(plan, chunkSize).map((e) => e.data);
  // The reply as the client built it from the events (a streamed text block has no `citations`),
  // rebuilt only for a thread: a long reply's thousands of events are not parsed again otherwise.
  const streamed = await writeAll(ex, events, delayMs);
  if (streamed && turn.stores) turn.replied(messageFromTranscript(events.join('')) ?? message);
  end(ex);
}
