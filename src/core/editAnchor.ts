/**
 * Where a proposed edit may land. A refactor is anchored to the text and range it was made
 * from; when the document moved on while the reply streamed, the edit is re-anchored only if
 * the original text is still there, unchanged and unambiguous. Otherwise it is refused.
 */

export interface Anchor {
  /** Document version when the request was sent. */
  version: number;
  /** Offsets into the document text at that version. */
  start: number;
  end: number;
  originalText: string;
}

export type AnchorResolution =
  | { ok: true; start: number; end: number; moved: boolean }
  | { ok: false; reason: 'changed' | 'ambiguous' };

export function resolveAnchor(anchor: Anchor, currentVersion: number, currentText: string): AnchorResolution {
  if (currentVersion === anchor.version) {
    return { ok: true, start: anchor.start, end: anchor.end, moved: false };
  }
  const { originalText } = anchor;
  if (currentText.slice(anchor.start, anchor.end) === originalText && originalText.length > 0) {
    // Edits happened, but the selected text still stands where it stood. If it also stands
    // elsewhere, the same offsets are still the best evidence of which copy was meant.
    return { ok: true, start: anchor.start, end: anchor.end, moved: false };
  }
  if (originalText.length === 0) return { ok: false, reason: 'changed' };
  const first = currentText.indexOf(originalText);
  if (first < 0) return { ok: false, reason: 'changed' };
  if (currentText.indexOf(originalText, first + 1) >= 0) return { ok: false, reason: 'ambiguous' };
  return { ok: true, start: first, end: first + originalText.length, moved: true };
}

/**
 * Fits the model's replacement to the selection it replaces: a selection that ended with a
 * line break keeps it, and one that did not is not given one.
 */
export function fitReplacement(originalText: string, replacement: string): string {
  let out = replacement.replace(/\r\n/g, '\n');
  const eol = originalText.includes('\r\n') ? '\r\n' : '\n';
  out = out.replace(/\n+$/, '');
  if (/\r?\n$/.test(originalText)) out += '\n';
  return eol === '\n' ? out : out.replace(/\n/g, '\r\n');
}
