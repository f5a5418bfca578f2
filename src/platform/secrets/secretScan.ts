/**
 * Finds secrets in text that is about to leave the machine, with secretlint's recommended rules
 * (AWS, GCP, GitHub, GitLab, Slack, npm, OpenAI, Anthropic, private keys, connection strings and
 * more). A finding says what was found and where, with the secret masked; the secret itself is
 * never kept, only its SHA-256, by which an approval is remembered.
 */
import { createHash } from 'crypto';
import type * as SecretlintEntry from './secretlintEntry';

export interface SecretFinding {
  /** The secretlint rule, e.g. "@secretlint/secretlint-rule-aws". */
  ruleId: string;
  /** What was found, in the rule's words without the secret, e.g. "AWS Secret Access Key". */
  what: string;
  /** 1-based line of the text where the secret starts. */
  line: number;
  /** The first characters of the secret and asterisks, at most 16 characters. */
  masked: string;
  /** SHA-256 (hex) of the secret. */
  hash: string;
}

type Secretlint = typeof SecretlintEntry;
let loaded: Secretlint | undefined;

/** secretlint is its own bundle (dist/secretlint.js, see scripts/build.mjs), required on the first scan. */
function secretlint(): Secretlint {
  loaded ??= require('./secretlintEntry') as Secretlint;
  return loaded;
}

/** Scans `text` (`label` names it for secretlint, e.g. a file name: some rules look at it). */
export async function scanForSecrets(text: string, label = 'text'): Promise<SecretFinding[]> {
  if (!text.trim()) return [];
  const { lintSource, recommendedPreset } = secretlint();
  // Unmasked: the value is needed for the hash and the masked form, and it stays in this function.
  // (secretlint's own maskSecrets also masks the non-secret words of a message, e.g. a token's type.)
  const result = await lintSource({
    source: { filePath: label || 'text', content: text, contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] },
      maskSecrets: false,
      noPhysicFilePath: true,
    },
  });
  const findings: SecretFinding[] = [];
  for (const m of result.messages) {
    const secret = secretOf(m.message, m.data) ?? text.slice(m.range[0], m.range[1]);
    if (!secret) continue;
    const at = text.indexOf(secret, m.range[0]);
    findings.push({
      ruleId: m.ruleId,
      what: whatOf(m.message, secret),
      line: at >= 0 ? lineAt(text, at) : m.loc.start.line,
      masked: maskSecret(secret),
      hash: createHash('sha256').update(secret).digest('hex'),
    });
  }
  return findings;
}

/**
 * The secret of a report. Every rule of the preset says "found <what>: <secret>", with the secret
 * among its data (next to non-secret data such as a token's type): the value the message ends with.
 */
function secretOf(message: string, data: object | undefined): string | undefined {
  const values = Object.values(data ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return values.filter((v) => message.endsWith(v)).sort((a, b) => b.length - a.length)[0];
}

/** The rule's message without the secret and the leading "found". */
function whatOf(message: string, secret: string): string {
  let what = message.endsWith(secret) ? message.slice(0, -secret.length) : message.split(secret).join(maskSecret(secret));
  what = what.replace(/^found\s+/i, '').replace(/[\s:]+$/, '');
  return what ? what.charAt(0).toUpperCase() + what.slice(1) : 'Secret';
}

/** The first 4 characters (fewer for a short secret) then asterisks, 16 characters at most. */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return secret.slice(0, shown) + '*'.repeat(Math.max(4, Math.min(16, secret.length) - shown));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
