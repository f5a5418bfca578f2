// Answers a request to the API surface: finds its route (404 first), checks the key and
// version, requires a JSON body on POST, then hands it to the route.
import { checkAuthAndVersion } from '../auth';
import { badRequest, HttpError } from '../errors';
import type { Exchange } from '../exchange';
import type { FakeState } from '../state';
import { countTokens } from './countTokens';
import { createMessage } from './messages';
import { listModels, retrieveModel } from './models';

const MODEL_PATH = /^\/v1\/models\/[^/]+$/;

type Route = 'messages' | 'count_tokens' | 'models' | 'model';

function findRoute(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/v1/messages') return 'messages';
  if (method === 'POST' && path === '/v1/messages/count_tokens') return 'count_tokens';
  if (method === 'GET' && path === '/v1/models') return 'models';
  if (method === 'GET' && MODEL_PATH.test(path)) return 'model';
  return undefined;
}

export async function handleApi(ex: Exchange, url: URL, state: FakeState): Promise<void> {
  const method = ex.req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const route = findRoute(method, path);
  if (!route) throw new HttpError(404, 'not_found_error', 'Not Found');
  const version = checkAuthAndVersion(ex.req.headers, state.validKeys);
  if (method === 'POST' && ex.body === undefined) {
    throw badRequest('There was an issue with the formatting or content of your request: the body is not valid JSON.');
  }
  switch (route) {
    case 'messages':
      return createMessage(ex, state, version);
    case 'count_tokens':
      return countTokens(ex, version);
    case 'models':
      return listModels(ex, state.models, url.searchParams);
    case 'model':
      return retrieveModel(ex, state.models, decodeURIComponent(path.slice('/v1/models/'.length)));
  }
}
