/**
 * The share bar's stylesheet, served at /assets/share-bar.css. A site can use it as is, theme
 * it through the custom properties, or replace it (the classes are the contract). Kept as a
 * module so the compiled build carries it with no copy step.
 * - Targets are at least 40 px (WCAG 2.5.8 asks for 24) and focus is always visible.
 * - Layout is flex in the bar's writing direction, so `dir="rtl"` mirrors the order by itself.
 * - `[hidden]` items stay hidden whatever a site's reset does, until the script reveals them.
 */
export const shareBarCss = `.sharecard-bar{--sharecard-bar-size:2.5rem;--sharecard-bar-gap:.5rem;--sharecard-bar-radius:999px;--sharecard-bar-fg:#1f2328;--sharecard-bar-bg:#fff;--sharecard-bar-border:#d0d7de;--sharecard-bar-hover-bg:#f3f4f6;--sharecard-bar-focus:#0b57d0;display:flex;flex-wrap:wrap;align-items:center;gap:var(--sharecard-bar-gap);margin:1rem 0;font-size:.875rem;line-height:1.2}
.sharecard-bar__list{display:flex;flex-wrap:wrap;gap:var(--sharecard-bar-gap);margin:0;padding:0;list-style:none}
.sharecard-bar__item{margin:0;padding:0}
.sharecard-bar__item[hidden],.sharecard-bar [hidden]{display:none!important}
.sharecard-bar__link,.sharecard-bar__button{box-sizing:border-box;display:inline-flex;align-items:center;justify-content:center;gap:.5em;min-width:var(--sharecard-bar-size);min-height:var(--sharecard-bar-size);margin:0;padding:0 1em 0 .75em;border:1px solid var(--sharecard-bar-border);border-radius:var(--sharecard-bar-radius);background:var(--sharecard-bar-bg);color:var(--sharecard-bar-fg);font:inherit;font-weight:600;text-decoration:none;white-space:nowrap;cursor:pointer;transition:background-color .15s,border-color .15s}
.sharecard-bar[dir=rtl] .sharecard-bar__link,.sharecard-bar[dir=rtl] .sharecard-bar__button{padding:0 .75em 0 1em}
.sharecard-bar--compact .sharecard-bar__link,.sharecard-bar--compact .sharecard-bar__button,.sharecard-bar--compact[dir=rtl] .sharecard-bar__link,.sharecard-bar--compact[dir=rtl] .sharecard-bar__button{width:var(--sharecard-bar-size);padding:0}
.sharecard-bar__link:hover,.sharecard-bar__button:hover{background:var(--sharecard-bar-hover-bg);border-color:var(--sharecard-bar-brand,var(--sharecard-bar-fg))}
.sharecard-bar__link:focus-visible,.sharecard-bar__button:focus-visible{outline:3px solid var(--sharecard-bar-focus);outline-offset:2px}
.sharecard-bar__icon{flex:none;width:1.25rem;height:1.25rem;color:var(--sharecard-bar-brand,currentColor)}
.sharecard-bar__link--facebook{--sharecard-bar-brand:#0866ff}
.sharecard-bar__link--x{--sharecard-bar-brand:#000}
.sharecard-bar__link--linkedin{--sharecard-bar-brand:#0a66c2}
.sharecard-bar__link--bluesky{--sharecard-bar-brand:#1185fe}
.sharecard-bar__link--whatsapp{--sharecard-bar-brand:#128c3e}
.sharecard-bar__status{color:#57606a;font-size:.8125rem}
.sharecard-bar__status:empty{display:none}
@media (prefers-reduced-motion:reduce){.sharecard-bar__link,.sharecard-bar__button{transition:none}}
@media (forced-colors:active){.sharecard-bar__link,.sharecard-bar__button{border-color:ButtonText}.sharecard-bar__icon{color:currentColor}}
`;
