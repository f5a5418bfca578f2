/**
 * The host trusts nothing a webview posts: every message is checked against the protocol's
 * schema, extra fields are stripped, and anything else is dropped.
 */
import * as v from 'valibot';
import { ERROR_ACTIONS } from '../../core/failures';
import { ATTACHMENT_KINDS, CHANGE_SET_ACTIONS, type WebviewMessage } from '../../shared/protocol';

const bare = <T extends string>(type: T) => v.object({ type: v.literal(type) });
const code = <T extends string>(type: T) => v.object({ type: v.literal(type), code: v.string() });

const WebviewMessageSchema = v.variant('type', [
  bare('ready'),
  bare('composing'),
  v.object({ type: v.literal('send'), text: v.string() }),
  bare('stop'),
  bare('retry'),
  bare('newChat'),
  bare('attachSelection'),
  v.object({ type: v.literal('attach'), kind: v.picklist(ATTACHMENT_KINDS) }),
  v.object({ type: v.literal('detach'), id: v.string() }),
  bare('selectModel'),
  code('copyCode'),
  code('insertCode'),
  code('applyCode'),
  v.object({ type: v.literal('action'), action: v.picklist(ERROR_ACTIONS) }),
  v.object({ type: v.literal('changeSet'), action: v.picklist(CHANGE_SET_ACTIONS), id: v.string(), path: v.optional(v.string()) }),
]);

// The schema and the protocol's union must describe the same messages.
type Parsed = v.InferOutput<typeof WebviewMessageSchema>;
const sameShape: [Parsed, WebviewMessage] extends [WebviewMessage, Parsed] ? true : never = true;
void sameShape;

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  const r = v.safeParse(WebviewMessageSchema, value);
  return r.success ? r.output : undefined;
}
