/**
 * The fetch every client uses: through VS Code's proxy settings, trusting the system's and the
 * user's certificates. (Filled in by the networking work of issue #14; until then, Node's fetch.)
 */
import type { NetworkOptions } from '../core/connection';

export function networkFetch(_network: NetworkOptions): typeof fetch | undefined {
  return undefined;
}
