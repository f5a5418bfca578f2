/**
 * When a delta can be shown by appending its text to what is on screen, without parsing the block
 * again. It can when it holds no character that could change how Markdown already shown is parsed
 * (emphasis, code spans, links, escapes, entities, tables, headings' closing marks, line breaks) and
 * the line it continues has already settled what kind of block it is (it holds a letter: "1" may yet
 * become "1. item", "-" a rule or an item, "word" stays what it is). Links that linkify would find
 * ("example.com") appear as links at the block's next full render instead of at once.
 */

const MAY_CHANGE_PARSE = /[\n\r\t*_`~\\&[\]()!<>#|]/;

/** The delta has nothing that could change the parse of the text before it. */
export function isPlainDelta(delta: string): boolean {
  return delta.length > 0 && !MAY_CHANGE_PARSE.test(delta);
}

/** The last line of `source` is one whose kind of block appending plain text cannot change. */
export function lastLineSettled(source: string): boolean {
  const line = source.slice(source.lastIndexOf('\n') + 1);
  // "[label]: url" is a link definition, which renders nothing until more text makes it a paragraph.
  return /\p{L}/u.test(line) && !/^ {0,3}\[/.test(line);
}

/** Splits a plain delta into the text to show now and trailing whitespace to hold back (markdown-it trims a block's end). */
export function splitTrailingSpace(delta: string): [shown: string, held: string] {
  const end = delta.search(/\s*$/);
  return [delta.slice(0, end), delta.slice(end)];
}
