/** What a platform's error words need besides the error: where the request went and for which model. */
import type { Connection } from '../../core/connection';

export interface ErrorContext {
  connection: Connection;
  /** The model as the user picked it (Anthropic's id). */
  model: string;
}

/** The error and its causes, outermost first (the SDKs wrap what the credential chains throw). */
export function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && out.length < 8; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

/** A platform's message for the words' "{0}. …": without its own final full stop. */
export function clause(message: string): string {
  return message.trim().replace(/[.。]+$/, '');
}
