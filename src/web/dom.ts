/** Small DOM helpers of the page: an element by id (throws when the page lacks it), element creation, status line. */

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type
export const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e as T;
};

export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

export function setStatus(text: string): void {
  $('status').textContent = text;
}
