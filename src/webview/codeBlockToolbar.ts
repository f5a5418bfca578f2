/** Copy / Insert / Apply buttons on each rendered code block. */
import { post } from './vscodeApi';

function button(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'icon-button';
  b.title = label;
  b.setAttribute('aria-label', label);
  const i = document.createElement('span');
  i.className = `codicon codicon-${icon}`;
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  b.addEventListener('click', onClick);
  return b;
}

/** Wraps every `pre > code` under `root` with a toolbar. */
export function decorateCodeBlocks(root: ParentNode): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const code = pre.querySelector('code');
    if (!code) continue;
    const lang = /language-(\S+)/.exec(code.className)?.[1] ?? '';
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-toolbar';
    const label = document.createElement('span');
    label.className = 'code-lang';
    label.textContent = lang;
    const text = (): string => code.textContent ?? '';
    bar.append(
      label,
      button('copy', 'Copy', () => post({ type: 'copyCode', code: text() })),
      button('insert', 'Insert at Cursor', () => post({ type: 'insertCode', code: text() })),
      button('diff', 'Apply as Diff', () => post({ type: 'applyCode', code: text() })),
    );
    pre.replaceWith(wrapper);
    wrapper.append(bar, pre);
  }
}
