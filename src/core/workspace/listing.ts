/** A directory listing two levels deep, cut to a number of entries: shallower entries are kept first, shown in tree order. */

export interface ListingEntry {
  /** As shown: workspace-relative, directories ending in '/'. */
  path: string;
  /** 1 for the directory's own entries, 2 for theirs. */
  depth: number;
}

export function boundedListing(entries: readonly ListingEntry[], max: number): { lines: string[]; shown: number; total: number } {
  if (entries.length <= max) return { lines: entries.map((e) => e.path), shown: entries.length, total: entries.length };
  const keep = new Set(
    entries
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.depth - b.e.depth || a.i - b.i)
      .slice(0, max)
      .map((x) => x.i),
  );
  const lines = entries.filter((_, i) => keep.has(i)).map((e) => e.path);
  return { lines, shown: lines.length, total: entries.length };
}
