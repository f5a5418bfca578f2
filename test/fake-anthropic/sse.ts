// Server-sent events: the framing the SDK's decoder needs, and writing a stream one event per
// res.write() (the bench times those writes).
import { baseHeaders, type Exchange } from './exchange';

/**
 * One event: a named `event:` line (the SDK drops unnamed events), a `data:` line and a blank
 * line, which the last event needs too (an event is only dispatched once its blank line arrives).
 */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Sends the 200 event-stream headers now, before any event. */
export function openSse(ex: Exchange): void {
  ex.res.writeHead(200, baseHeaders(ex, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }));
  ex.res.flushHeaders();
}

/** Writes and waits until the chunk is flushed to the socket, or the connection is gone. */
export function write(ex: Exchange, data: string): Promise<void> {
  return new Promise<void>((resolve) => {
    if (ex.closed) return resolve();
    ex.res.write(data, () => resolve());
    // If the connection goes away the callback may come late (or with an error): don't wait for it.
    void ex.rec.finished.then(() => resolve());
  });
}

/**
 * Writes the chunks in order, `delayMs` apart; stops as soon as the connection is gone (a wait
 * ends then). true when every chunk, the last one too, was written to an open connection.
 */
export async function writeAll(ex: Exchange, chunks: string[], delayMs: number): Promise<boolean> {
  for (let i = 0; i < chunks.length; i++) {
    if (ex.closed) return false;
    if (i > 0) await Promise.race([ex.sleep(delayMs), ex.rec.finished]);
    if (ex.closed) return false;
    await write(ex, chunks[i]);
  }
  return true;
}

/** Ends the response unless the connection is already gone. */
export function end(ex: Exchange): void {
  if (!ex.closed) ex.res.end();
}
