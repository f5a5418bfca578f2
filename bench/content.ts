// Deterministic replies for the bench: the same input always gives the same text (a seeded PRNG).
import { mulberry32 as rng } from '../test/runner/prng';

const WORDS = (
  'the function returns a value when its argument is valid and otherwise throws an error that the caller ' +
  'handles by retrying with backoff this keeps the state consistent because every update goes through one ' +
  'reducer which validates input before writing to the store cache entries expire after a timeout so stale ' +
  'data never reaches the view each request carries a token and the server checks it against the session ' +
  'list iterator buffer stream parser module interface closure promise callback handler queue scheduler'
).split(' ');
const IDENTS = ['items', 'total', 'cache', 'result', 'index', 'buffer', 'config', 'session', 'queue', 'token', 'user', 'count', 'delta', 'node', 'entry'];
const FUNCS = ['parse', 'render', 'validate', 'fetchAll', 'compute', 'update', 'flush', 'resolve', 'merge', 'encode'];
const LANGS = ['typescript', 'python', 'rust', 'go', 'javascript', 'json', 'bash', 'java'];

class Gen {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }
  sentence(): string {
    const s = this.words(this.int(8, 18));
    const decorated = this.r() < 0.3 ? `${s} \`${this.pick(IDENTS)}.${this.pick(FUNCS)}()\`` : this.r() < 0.2 ? `**${s}**` : s;
    return `${decorated[0]!.toUpperCase()}${decorated.slice(1)}.`;
  }
  paragraph(): string {
    const n = this.int(3, 6);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    if (this.r() < 0.25) out.push(`See [the ${this.pick(FUNCS)} docs](https://example.com/docs/${this.pick(FUNCS)}) for details.`);
    return out.join(' ');
  }
  list(): string {
    const ordered = this.r() < 0.4;
    const n = this.int(3, 6);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(`${ordered ? `${i + 1}.` : '-'} ${this.sentence()}`);
      if (this.r() < 0.2) out.push(`   - ${this.words(this.int(4, 9))} \`${this.pick(IDENTS)}\``);
    }
    return out.join('\n');
  }
  table(): string {
    const cols = this.int(3, 4);
    const head = ['Name', 'Type', 'Default', 'Notes'].slice(0, cols);
    const rows = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
    for (let i = 0, n = this.int(4, 7); i < n; i++) {
      const cells = [`\`${this.pick(IDENTS)}\``, this.pick(['string', 'number', 'boolean', 'Item[]', 'Map<string, T>']), String(this.int(0, 500)), this.words(this.int(3, 7))];
      rows.push(`| ${cells.slice(0, cols).join(' | ')} |`);
    }
    return rows.join('\n');
  }
  codeLine(lang: string, depth: number): string {
    const ind = '  '.repeat(depth);
    const a = this.pick(IDENTS);
    const b = this.pick(IDENTS);
    const f = this.pick(FUNCS);
    const n = this.int(1, 999);
    switch (lang) {
      case 'python':
        return this.pick([`${ind}${a} = ${f}(${b}, ${n})`, `${ind}if ${a} > ${n}:`, `${ind}for ${a} in ${b}:`, `${ind}return [x * ${n} for x in ${a}]`, `${ind}# ${this.words(5)}`, `${ind}${a}.append("${this.words(2)}")`]);
      case 'rust':
        return this.pick([`${ind}let ${a} = ${f}(&${b}, ${n})?;`, `${ind}if ${a}.len() > ${n} {`, `${ind}}`, `${ind}// ${this.words(5)}`, `${ind}${a}.push(${b}.clone());`, `${ind}match ${a} { Some(v) => v, None => ${n} };`]);
      case 'go':
        return this.pick([`${ind}${a}, err := ${f}(${b}, ${n})`, `${ind}if err != nil {`, `${ind}}`, `${ind}// ${this.words(5)}`, `${ind}${a} = append(${a}, ${b})`, `${ind}return ${a}, nil`]);
      case 'json':
        return `${ind}"${a}_${n}": ${this.pick([String(n), `"${this.words(2)}"`, 'true', 'null'])},`;
      case 'bash':
        return this.pick([`${ind}${a.toUpperCase()}=$(${f} --count ${n})`, `${ind}if [ -f "$${b.toUpperCase()}" ]; then`, `${ind}fi`, `${ind}# ${this.words(5)}`, `${ind}echo "${this.words(3)}" >> "$LOG"`]);
      case 'java':
        return this.pick([`${ind}final var ${a} = ${f}(${b}, ${n});`, `${ind}if (${a}.size() > ${n}) {`, `${ind}}`, `${ind}// ${this.words(5)}`, `${ind}${a}.add(${b});`, `${ind}return ${a}.stream().map(x -> x * ${n}).toList();`]);
      default:
        return this.pick([`${ind}const ${a} = await ${f}(${b}, ${n});`, `${ind}if (${a}.length > ${n}) {`, `${ind}}`, `${ind}// ${this.words(5)}`, `${ind}${a}.push(${b});`, `${ind}return ${a}.map((x) => x * ${n});`]);
    }
  }
  codeBlock(lang: string, lines: number): string {
    const out: string[] = ['```' + lang];
    if (lang === 'json') {
      out.push('{');
      for (let i = 0; i < lines; i++) out.push(this.codeLine(lang, 1));
      out.push('  "end": true', '}');
    } else {
      for (let i = 0; i < lines; i++) out.push(this.codeLine(lang, this.int(0, 3)));
    }
    out.push('```');
    return out.join('\n');
  }
}

export const END_MARKER = 'ZZENDOFREPLYZZ';

/**
 * The long reply for the render and overhead benches: ~80,000 characters (~20,000 tokens) of
 * Markdown with exactly `codeBlocks` fenced code blocks, lists, tables, headings and links,
 * ending with END_MARKER (plus `suffix`, to make each run's text unique when needed).
 */
export function longReply(targetChars = 80_000, codeBlocks = 30, suffix = ''): string {
  const g = new Gen(20_000);
  const parts: string[] = ['# Review of the module', g.paragraph()];
  for (let s = 0; s < codeBlocks; s++) {
    parts.push(`## ${s + 1}. ${g.pick(FUNCS)} and ${g.pick(IDENTS)}`);
    parts.push(g.paragraph());
    if (s % 2 === 0) parts.push(g.list());
    if (s % 3 === 1) parts.push(g.table());
    parts.push(g.paragraph());
    parts.push(g.codeBlock(LANGS[s % LANGS.length]!, g.int(18, 34)));
    parts.push(g.paragraph());
  }
  let text = parts.join('\n\n');
  const closing = `\n\nThat is all. ${END_MARKER}${suffix}\n`;
  // Top up with prose (no more code) to the target size.
  let n = 0;
  while (text.length + closing.length < targetChars) {
    const kind = n++ % 4;
    text += '\n\n' + (kind === 0 ? `### Note ${n}\n\n${g.paragraph()}` : kind === 1 ? g.list() : kind === 2 ? g.paragraph() : g.table());
  }
  return text + closing;
}

/**
 * Text for the latency bench: `count` pieces of exactly `chunkSize` characters, so that the fake
 * server (which cuts the text every chunkSize characters) sends one piece per text delta. Piece i
 * starts with the marker Q<i, 5 digits>Z; every 8th piece ends a paragraph.
 */
export function markerText(count: number, chunkSize = 16): string {
  const g = new Gen(7);
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const marker = `Q${String(i).padStart(5, '0')}Z`;
    const end = i % 8 === 7 ? '.\n\n' : ' ';
    let filler = '';
    while (filler.length < chunkSize - marker.length - end.length - 1) filler += g.pick(WORDS) + ' ';
    filler = filler.slice(0, chunkSize - marker.length - end.length - 1).replace(/ $/, 'x');
    const piece = `${marker} ${filler}${end}`;
    if (piece.length !== chunkSize) throw new Error(`markerText: piece ${i} has ${piece.length} chars`);
    pieces.push(piece);
  }
  return pieces.join('');
}

export const MARKER_RE = /Q(\d{5})Z/g;

/** A chat reply of ~1,500 characters (a paragraph, a list, a code block) for the long-chat bench. */
export function chatReply(i: number): string {
  const g = new Gen(1000 + i);
  return [g.paragraph(), g.list(), g.codeBlock(LANGS[i % LANGS.length]!, g.int(10, 18)), g.paragraph()].join('\n\n');
}

export type PacedKind = 'code' | 'prose' | 'list' | 'table';

/**
 * One kind of Markdown per reply, for the render bench at a real API's pace: a 400-line TypeScript
 * code block (a whole file, as a refactor's reply is), or ~6,000 characters of paragraphs, of lists
 * (3–6 items each, some nested) or of tables (4–7 rows each), each list or table after a heading.
 */
export function pacedReply(kind: PacedKind): string {
  const g = new Gen(300 + ['code', 'prose', 'list', 'table'].indexOf(kind));
  if (kind === 'code') return `Here is the whole file, rewritten:\n\n${g.codeBlock('typescript', 400)}\n\nThat is the file. ${END_MARKER}\n`;
  const parts: string[] = [];
  for (let n = 1; parts.join('\n\n').length < 6000; n++) {
    if (kind === 'prose') parts.push(g.paragraph());
    else parts.push(`### ${n}. ${g.pick(FUNCS)}`, kind === 'list' ? g.list() : g.table());
  }
  return `${parts.join('\n\n')}\n\n${END_MARKER}\n`;
}
