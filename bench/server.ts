// The fake Anthropic server (test/fake-anthropic, unchanged) with timestamps: when each request
// arrived and when each SSE chunk was handed to the socket. The fake writes every SSE event with
// its own res.write(); this process patches http.ServerResponse.prototype.write and
// http.Server.prototype.emit (this process only runs the fake, so nothing else is affected).
import * as http from 'http';
import { startFakeAnthropic, type FakeAnthropic } from '../test/fake-anthropic/server';
import { MARKER_RE, END_MARKER } from './content';
import { now } from './util';

export interface ResponseTiming {
  path: string;
  /** When the request arrived (its 'request' event). */
  arrivedAt: number;
  /** First and last res.write() of the body. */
  firstWriteAt?: number;
  lastWriteAt?: number;
  /** When a chunk containing END_MARKER was written. */
  endMarkerAt?: number;
}

export interface BenchServer {
  fake: FakeAnthropic;
  url: string;
  /** One per API request, in arrival order. */
  responses: ResponseTiming[];
  /** Marker id → when the chunk carrying it was written (filled only while recordMarkers is true). */
  markerWrites: Map<number, number>;
  recordMarkers: boolean;
  close(): Promise<void>;
}

const timings = new WeakMap<http.IncomingMessage, ResponseTiming>();

export async function startBenchServer(): Promise<BenchServer> {
  const responses: ResponseTiming[] = [];
  const markerWrites = new Map<number, number>();
  const state = { recordMarkers: false };

  const origEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      if (req.url && !req.url.startsWith('/__fake/')) {
        const t: ResponseTiming = { path: req.url, arrivedAt: now() };
        timings.set(req, t);
        responses.push(t);
      }
    }
    return (origEmit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof origEmit;

  const origWrite = http.ServerResponse.prototype.write;
  http.ServerResponse.prototype.write = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]): boolean {
    const t = now();
    const timing = timings.get(this.req);
    if (timing) {
      timing.firstWriteAt ??= t;
      timing.lastWriteAt = t;
      if (typeof chunk === 'string') {
        if (chunk.includes(END_MARKER)) timing.endMarkerAt ??= t;
        if (state.recordMarkers && chunk.includes('text_delta')) {
          for (const m of chunk.matchAll(MARKER_RE)) {
            const id = Number(m[1]);
            if (!markerWrites.has(id)) markerWrites.set(id, t);
          }
        }
      }
    }
    return (origWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof origWrite;

  const fake = await startFakeAnthropic();
  return {
    fake,
    url: fake.url,
    responses,
    markerWrites,
    get recordMarkers() {
      return state.recordMarkers;
    },
    set recordMarkers(v: boolean) {
      state.recordMarkers = v;
    },
    async close() {
      await fake.close();
      http.Server.prototype.emit = origEmit;
      http.ServerResponse.prototype.write = origWrite;
    },
  };
}
