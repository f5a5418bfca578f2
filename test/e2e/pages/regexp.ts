// Matching a label the workbench shows (a quick open row, a menu item) exactly, inside a RegExp.

/** `s` with every RegExp metacharacter escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
