// Random ids shaped like the real API's: request ids, message ids and tool_use ids.
import { randomBytes } from 'crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(prefix: string, n: number): string {
  const bytes = randomBytes(n);
  let s = prefix;
  for (let i = 0; i < n; i++) s += BASE62[bytes[i] % 62];
  return s;
}

export const newRequestId = (): string => randomId('req_011C', 20);
export const newMessageId = (): string => randomId('msg_01', 22);
export const newToolUseId = (): string => randomId('toolu_01', 22);

/** An opaque thinking-block signature. */
export const newSignature = (): string => randomBytes(48).toString('base64');
