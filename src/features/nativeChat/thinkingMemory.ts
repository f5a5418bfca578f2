/**
 * Claude's thinking blocks, kept by the tool calls they came with. VS Code's chat keeps only text and
 * tool calls in its history; on the next step of a tool loop the API wants the assistant turn to start
 * with the same thinking blocks, signatures included. So they are remembered here, by tool-call id,
 * and put back when that tool call comes round again.
 */
import type { RedactedThinkingBlockParam, ThinkingBlockParam } from '@anthropic-ai/sdk/resources/messages';

type ThinkingBlock = ThinkingBlockParam | RedactedThinkingBlockParam;

/** Enough for any agent loop; the oldest entries go first. */
const LIMIT = 500;

export class ThinkingMemory {
  private readonly byCallId = new Map<string, ThinkingBlock[]>();

  remember(callIds: ReadonlyArray<string>, blocks: ReadonlyArray<ThinkingBlock>): void {
    if (!blocks.length) return;
    for (const id of callIds) {
      this.byCallId.set(id, [...blocks]);
      if (this.byCallId.size > LIMIT) this.byCallId.delete(this.byCallId.keys().next().value!);
    }
  }

  /** The thinking that preceded these tool calls (once, even when several calls share it). */
  recall(callIds: ReadonlyArray<string>): ThinkingBlock[] {
    for (const id of callIds) {
      const blocks = this.byCallId.get(id);
      if (blocks) return blocks.map((b) => ({ ...b }));
    }
    return [];
  }
}
