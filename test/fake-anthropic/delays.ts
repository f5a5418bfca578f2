// The waits between SSE events (a script's delayMs, "slow drip"); close() ends them all at once.

export class Delays {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (ms <= 0 || this.stopped) return resolve();
      const t = setTimeout(() => {
        this.pending.delete(t);
        resolve();
      }, ms);
      this.pending.set(t, resolve);
    });
  }

  /** Ends every pending wait now; later waits return at once. */
  stopAll(): void {
    this.stopped = true;
    for (const [t, resolve] of this.pending) {
      clearTimeout(t);
      resolve();
    }
    this.pending.clear();
  }
}
