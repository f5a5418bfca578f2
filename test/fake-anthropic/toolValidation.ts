// The checks the API makes on tool use, each a 400 invalid_request_error:
// - tools: a custom tool (no `type`, or 'custom') needs a `name` matching ^[a-zA-Z0-9_-]{1,128}$
//   and an `input_schema` of type 'object'; the text editor tool takes exactly its version's name
//   (text_editor_20250728 / _20250429: str_replace_based_edit_tool, text_editor_20250124:
//   str_replace_editor); other dated server tool types (e.g. web_search_20250305) pass unchecked,
//   any other type is an unknown tag; names must be unique;
// - tool_choice: auto, any, tool (naming a tool in `tools`) or none;
// - pairing: the tool_use ids of an assistant turn must each have a tool_result in the user turn
//   right after it, and a tool_result must answer a tool_use of the assistant turn right before.
//   Consecutive messages of one role count as one turn, as the API merges them. An assistant turn
//   that ends the conversation is not checked.
// The pairing and duplicate-name messages are the API's; the tool_choice one is the fake's wording.
import { badRequest } from './errors';
import { isArray, isRecord } from './json';
import type { CheckedRequest } from './types';

const CUSTOM_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/** Text editor tool versions and the one name each accepts. */
const TEXT_EDITORS: Readonly<Record<string, string>> = {
  text_editor_20250728: 'str_replace_based_edit_tool',
  text_editor_20250429: 'str_replace_based_edit_tool',
  text_editor_20250124: 'str_replace_editor',
};

/** A dated server tool type the fake does not model (web_search_20250305, bash_20250124, …). */
const SERVER_TOOL_TYPE = /^[a-z][a-z_]*_\d{8}$/;

function bad(message: string): never {
  throw badRequest(message);
}

const quoted = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

/** Checks one tool definition; returns its name. */
function checkTool(t: unknown, i: number): string {
  const at = `tools.${i}`;
  if (!isRecord(t)) bad(`${at}: Input should be a valid dictionary`);
  const type = t.type ?? 'custom';
  if (typeof type !== 'string') bad(`${at}.type: Input should be a valid string`);
  if (type === 'custom') {
    if (!('name' in t)) bad(`${at}.custom.name: Field required`);
    if (typeof t.name !== 'string' || !CUSTOM_NAME.test(t.name)) bad(`${at}.custom.name: String should match pattern '${CUSTOM_NAME.source}'`);
    const schema = t.input_schema;
    if (schema === undefined) bad(`${at}.custom.input_schema: Field required`);
    if (!isRecord(schema)) bad(`${at}.custom.input_schema: Input should be a valid dictionary`);
    if (schema.type !== 'object') bad(`${at}.custom.input_schema.type: Input should be 'object'`);
    return t.name;
  }
  const editorName = TEXT_EDITORS[type];
  if (editorName !== undefined) {
    if (t.name !== editorName) bad(`${at}.${type}.name: Input should be '${editorName}'`);
    return editorName;
  }
  if (SERVER_TOOL_TYPE.test(type) && !type.startsWith('text_editor_') && typeof t.name === 'string') return t.name;
  bad(`${at}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${quoted(['custom', ...Object.keys(TEXT_EDITORS)])}`);
}

function checkToolChoice(choice: unknown, names: ReadonlySet<string>): void {
  if (choice === undefined || choice === null) return;
  if (!isRecord(choice)) bad('tool_choice: Input should be a valid dictionary');
  const { type } = choice;
  if (type === 'auto' || type === 'any' || type === 'none') return;
  if (type !== 'tool') bad(`tool_choice: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${quoted(['auto', 'any', 'tool', 'none'])}`);
  if (!('name' in choice)) bad('tool_choice.tool.name: Field required');
  if (typeof choice.name !== 'string') bad('tool_choice.tool.name: Input should be a valid string');
  if (!names.has(choice.name)) bad(`tool_choice.name: Tool '${choice.name}' not found in tools.`);
}

export function checkTools(req: Pick<CheckedRequest, 'tools' | 'tool_choice'>): void {
  const names = new Set<string>();
  (req.tools ?? []).forEach((t, i) => {
    const name = checkTool(t, i);
    if (names.has(name)) bad('tools: Tool names must be unique.');
    names.add(name);
  });
  checkToolChoice(req.tool_choice, names);
}

/** The blocks of a message's content of one type, with their index. */
function blocksOf(content: string | unknown[], type: string): Array<{ j: number; block: Record<string, unknown> }> {
  if (!isArray(content)) return [];
  return content.flatMap((block, j) => (isRecord(block) && block.type === type ? [{ j, block }] : []));
}

interface Turn {
  role: string;
  /** Message indices, in order. */
  indices: number[];
}

function turnsOf(messages: CheckedRequest['messages']): Turn[] {
  const turns: Turn[] = [];
  messages.forEach((m, i) => {
    const last = turns[turns.length - 1];
    if (last?.role === m.role) last.indices.push(i);
    else turns.push({ role: m.role, indices: [i] });
  });
  return turns;
}

/** The tool_use ids of a turn, each with the index of the message that holds it. */
function toolUses(turn: Turn | undefined, messages: CheckedRequest['messages']): Array<{ id: unknown; i: number }> {
  if (turn?.role !== 'assistant') return [];
  return turn.indices.flatMap((i) => blocksOf(messages[i].content, 'tool_use').map(({ block }) => ({ id: block.id, i })));
}

export function checkToolPairing(messages: CheckedRequest['messages']): void {
  const turns = turnsOf(messages);
  turns.forEach((turn, t) => {
    if (turn.role === 'user') {
      const asked = new Set(toolUses(turns[t - 1], messages).map((u) => u.id));
      for (const i of turn.indices) {
        for (const { j, block } of blocksOf(messages[i].content, 'tool_result')) {
          if (asked.has(block.tool_use_id)) continue;
          bad(
            `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. ` +
              'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
          );
        }
      }
      return;
    }
    const uses = toolUses(turn, messages);
    const next = turns[t + 1];
    if (!uses.length || !next) return;
    const answered = new Set(
      next.role === 'user' ? next.indices.flatMap((i) => blocksOf(messages[i].content, 'tool_result').map(({ block }) => block.tool_use_id)) : [],
    );
    const missing = uses.filter((u) => !answered.has(u.id));
    if (!missing.length) return;
    bad(
      `messages.${missing[0].i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.map((u) => String(u.id)).join(', ')}. ` +
        'Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    );
  });
}
