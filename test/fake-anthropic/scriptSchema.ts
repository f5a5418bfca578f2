// Checks JSON from other processes (the control API, `cli.ts --script`) into reply scripts and
// models, answering a 400 that names the bad field.
import { badRequest } from './errors';
import { isArray, isRecord, type JsonObject } from './json';
import type { FakeModel, FaultScript, ReplyScript, ScriptedToolUse, ScriptedUsage } from './types';

/** A JSON type: its check, and how a 400 names it. */
interface Kind<T> {
  is: (v: unknown) => v is T;
  what: string;
}

const STRING: Kind<string> = { is: (v): v is string => typeof v === 'string', what: 'a valid string' };
const NUMBER: Kind<number> = { is: (v): v is number => typeof v === 'number' && Number.isFinite(v), what: 'a valid number' };
const LIST: Kind<unknown[]> = { is: isArray, what: 'a valid list' };
const STRING_MAP: Kind<Record<string, string>> = {
  is: (v): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === 'string'),
  what: 'an object of strings',
};

function object(v: unknown, at: string): JsonObject {
  if (!isRecord(v)) throw badRequest(`${at}: Input should be a valid dictionary`);
  return v;
}

/** o[key] when absent or of the given kind, else a 400. */
function optional<T>(o: JsonObject, key: string, kind: Kind<T>, at: string): T | undefined {
  const v = o[key];
  if (v === undefined || kind.is(v)) return v;
  throw badRequest(`${at}.${key}: Input should be ${kind.what}`);
}

function required<T>(o: JsonObject, key: string, kind: Kind<T>, at: string): T {
  const v = optional(o, key, kind, at);
  if (v === undefined) throw badRequest(`${at}.${key}: Field required`);
  return v;
}

/** `error.details` of a status fault: an object with a string `error_code`. */
function parseDetails(v: unknown, at: string): { error_code: string; [key: string]: unknown } | undefined {
  if (v === undefined) return undefined;
  const o = object(v, at);
  return { ...o, error_code: required(o, 'error_code', STRING, at) };
}

function parseFault(v: unknown, at: string): FaultScript {
  const o = object(v, at);
  const { kind } = o;
  switch (kind) {
    case 'status':
      return {
        kind,
        status: required(o, 'status', NUMBER, at),
        errorType: optional(o, 'errorType', STRING, at),
        message: optional(o, 'message', STRING, at),
        headers: optional(o, 'headers', STRING_MAP, at),
        details: parseDetails(o.details, `${at}.details`),
        body: optional(o, 'body', STRING, at),
      };
    case 'midStreamError':
      return {
        kind,
        afterChars: required(o, 'afterChars', NUMBER, at),
        errorType: optional(o, 'errorType', STRING, at),
        message: optional(o, 'message', STRING, at),
      };
    case 'cut':
    case 'earlyEnd':
      return { kind, afterChars: required(o, 'afterChars', NUMBER, at) };
    case 'stall':
      return { kind, afterChars: optional(o, 'afterChars', NUMBER, at) };
    case 'emptyBody':
      return { kind };
    default:
      throw badRequest(`${at}.kind: Input should be 'status', 'midStreamError', 'cut', 'earlyEnd', 'stall' or 'emptyBody'`);
  }
}

function parseUsage(v: unknown, at: string): ScriptedUsage {
  const o = object(v, at);
  return {
    input_tokens: optional(o, 'input_tokens', NUMBER, at),
    output_tokens: optional(o, 'output_tokens', NUMBER, at),
    cache_creation_input_tokens: optional(o, 'cache_creation_input_tokens', NUMBER, at),
    cache_read_input_tokens: optional(o, 'cache_read_input_tokens', NUMBER, at),
  };
}

function parseToolUse(v: unknown, at: string): ScriptedToolUse {
  const o = object(v, at);
  return { name: required(o, 'name', STRING, at), input: o.input, id: optional(o, 'id', STRING, at) };
}

export function parseReplyScript(v: unknown, at = 'script'): ReplyScript {
  const o = object(v, at);
  return {
    text: optional(o, 'text', STRING, at),
    thinking: optional(o, 'thinking', STRING, at),
    toolUse: optional(o, 'toolUse', LIST, at)?.map((t, i) => parseToolUse(t, `${at}.toolUse.${i}`)),
    chunkSize: optional(o, 'chunkSize', NUMBER, at),
    delayMs: optional(o, 'delayMs', NUMBER, at),
    usage: o.usage === undefined ? undefined : parseUsage(o.usage, `${at}.usage`),
    stopReason: optional(o, 'stopReason', STRING, at),
    transcript: optional(o, 'transcript', STRING, at),
    fault: o.fault === undefined ? undefined : parseFault(o.fault, `${at}.fault`),
  };
}

export function parseFakeModel(v: unknown, at: string): FakeModel {
  const o = object(v, at);
  return {
    id: required(o, 'id', STRING, at),
    display_name: required(o, 'display_name', STRING, at),
    created_at: optional(o, 'created_at', STRING, at),
  };
}
