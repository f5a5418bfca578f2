// Reading recorded request bodies: content may be a string or text blocks (with cache breakpoints).
import { isArray, isRecord } from './json';

/** The text of a request's system prompt (a string, or text blocks with cache breakpoints). */
export function systemText(body: { system?: unknown }): string {
  return blocksText(body.system);
}

/** The text of message `i` of a recorded request body (string content or text blocks). */
export function messageText(body: { messages: Array<{ content: unknown }> }, i: number): string {
  return blocksText(body.messages[i]?.content);
}

/**
 * A recorded Messages request as the API takes it: a thread continue stands for the whole
 * conversation (the fake's rebuiltBody), any other request for the body that was sent.
 */
export function seenBody<B>(rec: { body: B; rebuiltBody?: B | undefined }): B {
  return rec.rebuiltBody ?? rec.body;
}

/** The conversation of a request body as [role, text] pairs. */
export function conversation(body: { messages: Array<{ role: string; content: unknown }> }): Array<[string, string]> {
  return body.messages.map((m) => [m.role, blocksText(m.content)]);
}

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (isArray(content)) return content.map((b) => (isRecord(b) && b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
  return '';
}
