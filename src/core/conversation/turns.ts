/** A chat's turns, and how they become the `messages` of a request. */
import type { ChangeSetView, ToolStep } from '../agent/toolSteps';
import type { ErrorReport } from '../failures';
import type { Usage } from '../usage';

/** One message of a chat, as kept in the history. */
export interface Turn {
  id: string;
  role: 'user' | 'assistant';
  /** Markdown text (for the user: what they typed). */
  text: string;
  thinking?: string;
  /** For an assistant reply that did not finish: why (e.g. stopped, error). */
  incomplete?: string;
  usage?: Usage;
  model?: string;
  /** Why the reply failed, with the next step (kept so a reloaded view still shows it). */
  error?: ErrorReport;
  /** Something the user should know about how this reply was made (e.g. history trimmed). */
  notice?: string;
  /** For a user message: the labels of the context attached to it (files, diagnostics). */
  attachments?: string[];
  /** For a user message: the attached context as sent (Markdown), before the question. */
  context?: string;
  /** For a reply that used tools: each tool call in one line, in order. */
  steps?: ToolStep[];
  /** For a reply that proposed changes: the files, and where each stands. */
  changeSet?: ChangeSetView;
}

export interface ApiMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The request's `messages` for the whole history: user and assistant alternate, starting with
 * the user. A reply that produced no text is left out (with the user turn before it merged into
 * the next one), and a partial reply goes as far as it got.
 */
export function toApiMessages(turns: ReadonlyArray<Turn>): ApiMessage[] {
  const out: ApiMessage[] = [];
  for (const t of turns) {
    // Attached context goes before the question it came with.
    const content = t.role === 'assistant' ? t.text.trimEnd() : t.context ? `${t.context}\n\n${t.text}` : t.text;
    if (!content.trim()) continue;
    const last = out[out.length - 1];
    if (last && last.role === t.role) {
      last.content += `\n\n${content}`;
    } else if (!last && t.role === 'assistant') {
      continue;
    } else {
      out.push({ role: t.role, content });
    }
  }
  return out;
}

export function titleFor(firstUserText: string): string {
  const line = firstUserText.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New chat';
}
