/** The models offered in the pickers: from the Models API when reachable, else a built-in list. */

export interface ModelChoice {
  id: string;
  displayName: string;
  /** The context window. */
  maxInputTokens: number;
  /** The most a reply can be. */
  maxOutputTokens: number;
  imageInput: boolean;
}

/** A model as the Models API describes it: what it leaves out, modelChoice fills in. */
export type ListedModel = Pick<ModelChoice, 'id' | 'displayName'> & Partial<Omit<ModelChoice, 'id' | 'displayName'>>;

/** What the Models API may leave out, filled in: every current Claude model has at least these. */
export function modelChoice(m: ListedModel): ModelChoice {
  return {
    id: m.id,
    displayName: m.displayName,
    maxInputTokens: m.maxInputTokens ?? 200_000,
    maxOutputTokens: m.maxOutputTokens ?? (/haiku/.test(m.id) ? 64_000 : 128_000),
    imageInput: m.imageInput ?? true,
  };
}

/** Used when the Models API cannot be reached (offline, a gateway without /v1/models). */
export const BUILT_IN_MODELS: ReadonlyArray<ModelChoice> = [
  { id: 'claude-sonnet-5-5', displayName: 'Claude Sonnet 5.5' },
  { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5' },
  { id: 'claude-haiku-5-5', displayName: 'Claude Haiku 5.5' },
  { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5' },
  { id: 'claude-opus-4-5', displayName: 'Claude Opus 4.5' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5' },
].map(modelChoice);

/** How long a fetched list is reused before asking the API again. */
export const MODEL_CACHE_MS = 24 * 60 * 60 * 1000;

export interface CachedModels {
  fetchedAt: number;
  baseUrl: string;
  /** Lists stored by earlier versions have only id and displayName. */
  models: Array<Partial<ModelChoice> & { id: string; displayName: string }>;
}

export function isFresh(cache: CachedModels | undefined, baseUrl: string, now: number): cache is CachedModels {
  return !!cache && cache.baseUrl === baseUrl && now - cache.fetchedAt < MODEL_CACHE_MS && cache.models.length > 0;
}
