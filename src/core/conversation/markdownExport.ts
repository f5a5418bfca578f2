/** A chat as a Markdown document, for "Export Chat as Markdown". */
import type { StoredChat } from './storedChat';

export function chatToMarkdown(chat: StoredChat): string {
  const parts = [`# ${chat.title}`, `_${new Date(chat.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC_`];
  for (const t of chat.turns) {
    if (t.role === 'user') {
      parts.push('## You', t.text);
    } else {
      parts.push(`## Claude${t.model ? ` (${t.model})` : ''}`, t.text || '_(no text)_');
      if (t.incomplete) parts.push(`> ⚠ Incomplete: ${t.incomplete}`);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
