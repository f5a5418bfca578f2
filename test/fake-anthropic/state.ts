// What a test can set and read on the fake: the reply queue and default reply, the models, the
// valid keys, the recorded requests (with waiting for them), the prompt cache and the message
// threads.
import { DEFAULT_TEST_KEY } from './auth';
import { PromptCache } from './promptCache';
import { ThreadStore } from './threads';
import type { FakeModel, RecordedRequest, ReplyScript } from './types';

export const DEFAULT_MODELS: FakeModel[] = [
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-10-21T00:00:00Z' },
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-10-14T00:00:00Z' },
  { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-10-07T00:00:00Z' },
  { id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8', created_at: '2026-05-20T00:00:00Z' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];

export class FakeState {
  /** Every request to the API surface, in order; reset() empties this same array. */
  readonly requests: RecordedRequest[] = [];
  readonly validKeys = new Set<string>([DEFAULT_TEST_KEY]);
  models: FakeModel[] = DEFAULT_MODELS.slice();
  private readonly queue: ReplyScript[] = [];
  private defaultScript: ReplyScript = {};
  private readonly waiters = new Set<() => void>();
  readonly promptCache: PromptCache;
  readonly threads: ThreadStore;

  /** `now` is the clock of the prompt cache's lifetimes and of the threads' expiry. */
  constructor(now: () => number = Date.now) {
    this.promptCache = new PromptCache(now);
    this.threads = new ThreadStore(now);
  }

  enqueue(...scripts: ReplyScript[]): void {
    this.queue.push(...scripts);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** The script for the next valid POST /v1/messages. */
  nextScript(): ReplyScript {
    return this.queue.shift() ?? this.defaultScript;
  }

  setDefault(script: ReplyScript | undefined): void {
    this.defaultScript = script ?? {};
  }

  setModels(list: FakeModel[]): void {
    this.models = list.map((m) => ({ ...m }));
  }

  setKeys(keys: Iterable<string>): void {
    this.validKeys.clear();
    for (const k of keys) this.validKeys.add(k);
  }

  record(rec: RecordedRequest): void {
    this.requests.push(rec);
    for (const w of [...this.waiters]) w();
  }

  waitForRequests(n: number, timeoutMs = 2000): Promise<RecordedRequest[]> {
    return new Promise<RecordedRequest[]>((resolve, reject) => {
      const check = () => {
        if (this.requests.length < n) return;
        cleanup();
        resolve(this.requests.slice());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake-anthropic: timed out after ${timeoutMs} ms waiting for ${n} request(s); got ${this.requests.length}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  reset(opts: { keepThreads?: boolean } = {}): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.defaultScript = {};
    this.models = DEFAULT_MODELS.slice();
    this.setKeys([DEFAULT_TEST_KEY]);
    this.promptCache.clear();
    if (!opts.keepThreads) this.threads.forget();
  }
}
