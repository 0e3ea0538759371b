/** Building the page's DOM: no innerHTML anywhere, text is always set as text. */

export type Attributes = Readonly<
  Record<string, string | number | boolean | null | undefined> & { text?: string | number }
>;
export type Child = Node | string | number | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

const build = <T extends Element>(
  node: T,
  attrs: Attributes = {},
  children: readonly Child[] = [],
) => {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
};

/** An HTML element with attributes (`text`: its text) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attributes,
  children?: readonly Child[],
): HTMLElementTagNameMap[K] => build(document.createElement(tag), attrs, children);

/** An SVG element, likewise. */
export const svg = <K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attributes,
  children?: readonly Child[],
): SVGElementTagNameMap[K] => build(document.createElementNS(SVG_NS, tag), attrs, children);

/** An element the page's HTML has; its absence is a bug in the page, not a state to handle. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
};

/** The content of a `<meta name>` the server wrote into the page ('' when absent). */
export const meta = (name: string): string =>
  document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
