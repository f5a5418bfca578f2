// The control API under /__fake/*, for tests that drive the fake from another process (cli.ts):
// POST enqueue, default, reset (which also empties the prompt cache and the threads), models,
// keys, threads/forget (body `{id}` for one stored thread response, none for all); GET requests.
// Control calls are not recorded.
import { badRequest, HttpError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { isArray, isRecord } from './json';
import { parseFakeModel, parseReplyScript } from './scriptSchema';
import type { FakeState } from './state';
import type { RecordedRequest } from './types';

/** A recorded request as JSON (without the `finished` promise). */
function serializeRequest(r: RecordedRequest): Omit<RecordedRequest, 'finished'> {
  return {
    method: r.method,
    path: r.path,
    headers: r.headers,
    body: r.body,
    rawBody: r.rawBody,
    ...(r.rebuiltBody ? { rebuiltBody: r.rebuiltBody } : {}),
    clientClosedEarly: r.clientClosedEarly,
  };
}

/** `path` without trailing slashes. */
export function handleControl(ex: Exchange, path: string, state: FakeState): void {
  const { body } = ex;
  const route = `${ex.req.method} ${path}`;
  const ok = (extra: Record<string, unknown> = {}) => sendJson(ex, 200, { ok: true, ...extra });
  switch (route) {
    case 'POST /__fake/enqueue': {
      if (body === undefined) throw badRequest('body must be a ReplyScript or an array of them');
      state.enqueue(...(isArray(body) ? body.map((s, i) => parseReplyScript(s, `script.${i}`)) : [parseReplyScript(body)]));
      return ok({ queued: state.queued });
    }
    case 'POST /__fake/default':
      state.setDefault(isRecord(body) ? parseReplyScript(body) : {});
      return ok();
    case 'POST /__fake/reset':
      state.reset();
      return ok();
    case 'GET /__fake/requests':
      return sendJson(ex, 200, state.requests.map(serializeRequest));
    case 'POST /__fake/models':
      if (!isArray(body)) throw badRequest('body must be an array of {id, display_name}');
      state.setModels(body.map((m, i) => parseFakeModel(m, `models.${i}`)));
      return ok({ count: state.models.length });
    case 'POST /__fake/threads/forget': {
      const id = isRecord(body) ? body.id : undefined;
      if (id !== undefined && typeof id !== 'string') throw badRequest('id: Input should be a valid string');
      return ok({ forgotten: state.threads.forget(id) });
    }
    case 'POST /__fake/keys':
      if (!isArray(body)) throw badRequest('body must be an array of keys');
      state.setKeys(body.map((k) => String(k)));
      return ok();
    default:
      throw new HttpError(404, 'not_found_error', 'Not Found');
  }
}
