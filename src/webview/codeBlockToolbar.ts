/** Copy / Insert / Apply buttons on each rendered code block. */
import { blockLanguage } from './codeHighlight';
import { el, iconButton } from './dom';
import { post } from './vscodeApi';

/** Wraps every `pre > code` under `root` with a toolbar. */
export function decorateCodeBlocks(root: ParentNode): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const code = pre.querySelector('code');
    if (!code) continue;
    const lang = blockLanguage(code);
    const text = (): string => code.textContent ?? '';
    const bar = el(
      'div',
      { class: 'code-toolbar' },
      el('span', { class: 'code-lang' }, lang),
      iconButton('copy', 'Copy', () => post({ type: 'copyCode', code: text() })),
      iconButton('insert', 'Insert at Cursor', () => post({ type: 'insertCode', code: text() })),
      iconButton('diff', 'Apply as Diff', () => post({ type: 'applyCode', code: text() })),
    );
    const wrapper = el('div', { class: 'code-block' });
    pre.replaceWith(wrapper);
    wrapper.append(bar, pre);
  }
}
