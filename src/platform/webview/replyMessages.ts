/**
 * How a reply from the pipeline reaches a webview: the same notifications for the panel and the
 * chat, keyed by the reply's id (replyStart, replyDelta…, then replyDone or replyError).
 */
import { ZERO_USAGE } from '../../core/usage';
import type { ReplyEvent, RunResult } from '../../claude/replyPipeline';
import type { HostMessage } from '../../shared/protocol';

export function replyEventMessage(e: ReplyEvent): HostMessage {
  switch (e.type) {
    case 'start':
      return { type: 'replyStart', replyId: e.reply.id, model: e.reply.model };
    case 'text':
      return { type: 'replyDelta', replyId: e.replyId, text: e.delta };
    case 'thinking':
      return { type: 'replyDelta', replyId: e.replyId, thinking: e.delta };
    case 'retrying':
      return { type: 'replyRetrying', replyId: e.replyId, attempt: e.attempt, seconds: e.seconds, reason: e.reason };
    case 'step':
      return { type: 'replyStep', replyId: e.replyId, step: e.step };
  }
}

/** The end of a reply: done (with usage and why it stopped) or failed (with the error in words). */
export function replyEndMessage(result: RunResult): HostMessage {
  const { reply } = result;
  if (!result.ok) return { type: 'replyError', replyId: reply.id, error: result.error, incomplete: reply.incomplete ?? '' };
  return {
    type: 'replyDone',
    replyId: reply.id,
    usage: reply.usage ?? ZERO_USAGE,
    stopReason: result.stopReason,
    ...(reply.incomplete ? { incomplete: reply.incomplete } : {}),
  };
}
