/** Tiny DOM helpers: elements are built with textContent, never from HTML strings. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

export function iconButton(icon: string, label: string, onClick: () => void, text?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', class: text ? 'button' : 'icon-button', title: label, 'aria-label': label });
  b.append(el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  if (text) b.append(el('span', {}, text));
  b.addEventListener('click', onClick);
  return b;
}
