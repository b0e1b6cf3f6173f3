/**
 * A tiny element builder for satori, so templates are plain TypeScript (no JSX, no React).
 * Satori takes React-element-like objects: `{ type, props: { style, children } }`.
 *
 * @example
 *   h('div', { style: { color: 'white' } }, 'Hello')
 */

export type Style = Record<string, string | number | undefined>;
export type Child = El | string | null | undefined | false;

export interface El {
  type: string;
  key?: string;
  props: { style?: Style; children?: (El | string)[] | El | string; [prop: string]: unknown };
}

export interface Props {
  style?: Style;
  key?: string;
  [prop: string]: unknown;
}

/**
 * Builds an element. Every box is border-box (satori, like browsers, defaults to
 * content-box, so padding would otherwise widen a `width: 100%` box past the card edge), and
 * a div is a flex container unless it says otherwise (satori needs explicit display on
 * divs with several children).
 */
export function h(type: string, props: Props | null, ...children: Child[]): El {
  const { key, style, ...rest } = props ?? {};
  const kids = children.filter((c): c is El | string => c !== null && c !== undefined && c !== false && c !== '');
  const fullStyle: Style = { boxSizing: 'border-box', ...(type === 'div' ? { display: 'flex' } : {}), ...style };
  const el: El = { type, props: { ...rest, style: fullStyle } };
  if (kids.length === 1) el.props.children = kids[0];
  else if (kids.length > 1) el.props.children = kids;
  if (key !== undefined) el.key = key;
  return el;
}
