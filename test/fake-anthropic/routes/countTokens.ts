// POST /v1/messages/count_tokens: the Messages body without max_tokens; answers {input_tokens}.
import { sendJson, type Exchange } from '../exchange';
import { inputTokensFor } from '../reply';
import { checkMessagesRequest } from '../validate';

export function countTokens(ex: Exchange, version: string): void {
  const req = checkMessagesRequest(ex.body, version, 'count_tokens');
  sendJson(ex, 200, { input_tokens: inputTokensFor(req) });
}
