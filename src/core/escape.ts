/**
 * The escapers: one named function per output context, used only where output is serialized.
 * No other module escapes by hand. Property tests in test/escape.test.ts prove each inert.
 */

const HTML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const HTML_ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text content of an HTML element (not <script>/<style>). */
export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => HTML_TEXT[c]);
}

/** A quoted HTML attribute value (either quote style). */
export function escapeHtmlAttr(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => HTML_ATTR[c]);
}

/** XML 1.0 text or attribute value (quotes escaped too, so it is safe in both). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML_ATTR[c]));
}

/**
 * JSON for an inline <script> element (JSON-LD): `<`, `>`, `&` and the JS line separators are
 * written as \u escapes, so no value can close the script or open a comment.
 * https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
 */
export function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** True when a URL is absolute http(s) and so safe to place in href/src (no javascript:, data:). */
export function isSafeHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const p = new URL(s).protocol;
  return p === 'https:' || p === 'http:';
}
