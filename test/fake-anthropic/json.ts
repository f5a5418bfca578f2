// Narrowing helpers for JSON that arrives as `unknown` (request bodies, control calls, transcripts).

export type JsonObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Like Array.isArray, but narrows to unknown[] rather than any[]. */
export function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** JSON.parse, typed unknown; throws a SyntaxError when the text is not JSON. */
export function parseJsonOrThrow(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return value;
}

/** The parsed JSON, or undefined when the text is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return parseJsonOrThrow(text);
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * JSON as the API streams a tool's input: `", "` and `": "` between items, as in the docs'
 * tool-use transcript (`{"location": "San Francisco, CA"}`).
 */
export function spacedJson(v: unknown): string {
  return spaced(JSON.parse(JSON.stringify(v ?? {})) as unknown);
}

function spaced(v: unknown): string {
  if (isArray(v)) return `[${v.map(spaced).join(', ')}]`;
  if (isRecord(v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spaced(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}
