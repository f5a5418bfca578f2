// GET /v1/models (paged with limit, after_id and before_id) and GET /v1/models/{id}.
import { badRequest, HttpError } from '../errors';
import { sendJson, type Exchange } from '../exchange';
import type { FakeModel } from '../types';

/** A ModelInfo with every field the API sends. */
function toModelInfo(m: FakeModel): Record<string, unknown> {
  const line = /claude-(haiku|sonnet|opus|fable|mythos)/.exec(m.id)?.[1] ?? null;
  return {
    type: 'model',
    id: m.id,
    display_name: m.display_name,
    created_at: m.created_at ?? '2026-01-01T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    retires_at: null,
    lifecycle: 'active',
    line,
    max_input_tokens: 200000,
    max_tokens: line === 'haiku' ? 64000 : 128000,
  };
}

function pageLimit(q: URLSearchParams): number {
  if (!q.has('limit')) return 20;
  const limit = Number(q.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('limit: Input should be between 1 and 1000');
  return limit;
}

function indexOfModel(models: FakeModel[], param: string, id: string): number {
  const i = models.findIndex((m) => m.id === id);
  if (i < 0) throw badRequest(`${param}: unknown model '${id}'`);
  return i;
}

export function listModels(ex: Exchange, models: FakeModel[], q: URLSearchParams): void {
  const limit = pageLimit(q);
  const afterId = q.get('after_id');
  const beforeId = q.get('before_id');
  let page: FakeModel[];
  let hasMore: boolean;
  if (beforeId !== null) {
    const i = indexOfModel(models, 'before_id', beforeId);
    const start = Math.max(0, i - limit);
    page = models.slice(start, i);
    hasMore = start > 0;
  } else {
    const start = afterId === null ? 0 : indexOfModel(models, 'after_id', afterId) + 1;
    page = models.slice(start, start + limit);
    hasMore = start + limit < models.length;
  }
  sendJson(ex, 200, {
    data: page.map(toModelInfo),
    has_more: hasMore,
    first_id: page.length ? page[0].id : null,
    last_id: page.length ? page[page.length - 1].id : null,
  });
}

export function retrieveModel(ex: Exchange, models: FakeModel[], id: string): void {
  const m = models.find((x) => x.id === id);
  if (!m) throw new HttpError(404, 'not_found_error', `model: ${id}`);
  sendJson(ex, 200, toModelInfo(m));
}
