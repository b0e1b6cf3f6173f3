/**
 * The editor pages' one stylesheet, served from /preview/assets/ under a content-hashed name
 * (src/preview/assets.ts). Kept as a module so the compiled build carries it with no copy step.
 *
 * Platform mockup values (sizes, colours, clamps) follow docs/platform-cards.md section by
 * section; values marked UNCONFIRMED there are defaults to tune, not facts. Truncation is done
 * here with line clamps, as the platforms' own web clients do, never by counting characters.
 * Themes and the platform-UI direction switch work with :has() on the page's radio buttons,
 * so they need no script.
 */
import { SCRIPT_FONTS_VAR } from '../fonts.js';

export const previewCss = String.raw`
:root {
  --pv-bg: #f4f5f7; --pv-fg: #16181d; --pv-muted: #5b6270; --pv-line: #d5d9e0; --pv-panel: #fff;
  --pv-accent: #0b57d0; --pv-warn-bg: #fff4e5; --pv-warn: #8a4b00; --pv-bad-bg: #fdecec; --pv-bad: #a1151b;
  --pv-ok: #126b2f; --pv-focus: #0b57d0;
  --pv-font: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial;
  color: var(--pv-fg); background: var(--pv-bg);
}
/* Each element resolves its own stack: the platform's fonts (--pv-font, set on a mockup), then
   the fonts the cards use for Arabic script, Hebrew and CJK, in the order of the element's
   language (src/preview/fonts.ts), so a machine without those fonts shows no tofu.
   --pv-font-pass: a feature no font has, changed by the page script after web fonts load. */
* { font-family: var(--pv-font), var(${SCRIPT_FONTS_VAR}, sans-serif), sans-serif; font-feature-settings: var(--pv-font-pass, normal); }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; line-height: 1.45; font-size: 15px; }
a { color: var(--pv-accent); }
:focus-visible { outline: 3px solid var(--pv-focus); outline-offset: 2px; border-radius: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: 8px; top: -48px; background: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { top: 8px; }
button, .button { font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--pv-line);
  background: #fff; color: var(--pv-fg); cursor: pointer; text-decoration: none; display: inline-block; line-height: 1.3; }
button:hover, .button:hover { border-color: #9aa3b2; }
button.primary { background: var(--pv-accent); border-color: var(--pv-accent); color: #fff; }
input, select, textarea { font: inherit; font-size: 15px; padding: 6px 8px; border: 1px solid #aab1bd; border-radius: 6px;
  background: #fff; color: var(--pv-fg); width: 100%; }
textarea { resize: vertical; min-height: 3.2em; }
label { font-weight: 600; font-size: 14px; display: block; }
fieldset { border: 1px solid var(--pv-line); border-radius: 8px; padding: 6px 10px 8px; margin: 0; }
legend { font-weight: 600; font-size: 14px; padding: 0 4px; }
fieldset label { display: inline-flex; gap: 4px; align-items: center; font-weight: 400; margin-inline-end: 12px; }
fieldset input { width: auto; }

/* Page chrome */
.pv-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 10px 20px; background: #0b1020; color: #fff; }
.pv-bar a { color: #fff; }
.pv-brand { font-weight: 700; text-decoration: none; font-size: 17px; }
.pv-brand span { font-weight: 400; opacity: .8; }
.pv-bar nav { flex: 1; }
.pv-bar nav a { margin-inline-end: 14px; }
.pv-bar form { margin: 0; }
.pv-bar button { background: transparent; color: #fff; border-color: #5c6783; }
.pv-main { padding: 16px 20px 48px; max-width: 1800px; margin: 0 auto; }
h1 { font-size: 24px; line-height: 1.25; margin: 4px 0 6px; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 0 0 8px; }
.panel { background: var(--pv-panel); border: 1px solid var(--pv-line); border-radius: 10px; padding: 14px 16px; }
.muted { color: var(--pv-muted); }
.crumbs { margin: 0; font-size: 14px; color: var(--pv-muted); }
.badge { display: inline-block; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 2px 8px;
  border-radius: 999px; background: #e7eaf0; color: #333a46; margin-inline-end: 6px; }
.badge.draft { background: #ffe2b3; color: #6b3900; }
.badge.published { background: #d6f2de; color: #0d5524; }
.story-meta { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; font-size: 14px; color: var(--pv-muted); margin: 0; }

/* Login */
.login { max-width: 420px; margin: 8vh auto; }
.login form { display: grid; gap: 12px; }
.error-box { background: var(--pv-bad-bg); color: var(--pv-bad); border: 1px solid #f3b5b7; border-radius: 8px; padding: 8px 12px; margin: 0; }

/* Story list */
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 170px), 1fr)); gap: 10px 14px; align-items: end; margin-bottom: 16px; }
.filters .actions { display: flex; gap: 8px; }
.stories { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.story-row { display: grid; grid-template-columns: 1fr auto; gap: 4px 16px; align-items: baseline; background: #fff; border: 1px solid var(--pv-line);
  border-radius: 8px; padding: 10px 14px; }
.story-row a.title { font-weight: 600; font-size: 16px; text-decoration: none; }
.story-row a.title:hover { text-decoration: underline; }
.story-row .sub { grid-column: 1 / -1; font-size: 13px; color: var(--pv-muted); display: flex; flex-wrap: wrap; gap: 4px 12px; }
.pager { display: flex; gap: 12px; margin-top: 16px; align-items: center; }

/* Story page */
.checks { margin: 14px 0; }
.warnings { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.warnings li { border-radius: 8px; padding: 7px 12px; font-size: 14px; border: 1px solid; }
.warnings li.warn { background: var(--pv-warn-bg); color: var(--pv-warn); border-color: #f5c98b; }
.warnings li.bad { background: var(--pv-bad-bg); color: var(--pv-bad); border-color: #f3b5b7; }
.warnings li.ok { background: #e8f6ec; color: var(--pv-ok); border-color: #a9dcb8; }
.warnings li strong { margin-inline-end: 6px; }
.story-grid { display: grid; gap: 16px; grid-template-columns: 1fr; align-items: start; }
@media (min-width: 980px) {
  .story-grid { grid-template-columns: minmax(300px, 340px) minmax(0, 1fr); }
}
/* Keep the editor beside the mockups while scrolling, where the screen is tall enough for all of it. */
@media (min-width: 980px) and (min-height: 820px) {
  .editor { position: sticky; top: 12px; }
}
.edit-form { display: grid; gap: 10px; }
.field-note { font-weight: 400; font-size: 12px; color: var(--pv-muted); display: block; }
.row2 { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.edit-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.card-panel { margin-top: 14px; }
.card-panel img { width: 100%; height: auto; display: block; border-radius: 6px; border: 1px solid var(--pv-line); background: #e9ecf1; }
.card-facts { font-size: 13px; color: var(--pv-muted); margin: 6px 0 0; }
.render-state { font-size: 13px; min-height: 1.3em; margin: 4px 0 0; color: var(--pv-muted); }
.render-state.error { color: var(--pv-bad); }
.mock-toolbar { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
.mock-toolbar fieldset { background: var(--pv-panel); }
.mock-grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr)); align-items: start; }
.mock { background: var(--pv-panel); border: 1px solid var(--pv-line); border-radius: 10px; overflow: hidden; }
.mock > h3 { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; padding: 10px 14px; margin: 0; border-bottom: 1px solid var(--pv-line); }
.mock-note { font-weight: 400; font-size: 12px; color: var(--pv-muted); }
.mock .variant { font-size: 13px; padding: 6px 14px; border-bottom: 1px solid var(--pv-line); }
.mock .variant label { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; }
.mock .variant input { width: auto; }
.frame { padding: 14px 16px; }
.frame img.card-img { display: block; width: 100%; height: 100%; object-fit: cover; object-position: center; }
.clamp-1 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.clamp { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; }
.clamp-2 { -webkit-line-clamp: 2; } .clamp-3 { -webkit-line-clamp: 3; } .clamp-4 { -webkit-line-clamp: 4; } .clamp-20 { -webkit-line-clamp: 20; }
.post-head { display: flex; gap: 4px 8px; align-items: baseline; margin-bottom: 4px; font-size: 15px; min-width: 0; }
.post-head .name { flex: none; }
.post-head .handle { min-width: 0; }
.avatar { width: 40px; height: 40px; border-radius: 50%; flex: none; background: linear-gradient(135deg, #0b1020, #3a4a7a); }
.post-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.no-image { display: grid; place-items: center; aspect-ratio: 1.91; font-size: 13px; background: repeating-linear-gradient(45deg, #eee, #eee 8px, #e4e4e4 8px, #e4e4e4 16px); color: #555; }

/* X (PLATFORM-CARDS.md §2.1) */
.frame.x { --x-bg: #fff; --x-fg: #0F1419; --x-border: #CFD9DE; --x-muted: #536471; background: var(--x-bg); color: var(--x-fg);
  --pv-font: TwitterChirp, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial; font-size: 15px; line-height: 20px; }
.x .post { display: grid; grid-template-columns: 40px minmax(0, 1fr); gap: 8px; max-width: 598px; }
.x .name { font-weight: 700; } .x .handle { color: var(--x-muted); }
.x .card-block { margin-top: 12px; display: flex; flex-direction: column; gap: 4px; }
.x .card { position: relative; border: 1px solid var(--x-border); border-radius: 16px; overflow: hidden; }
.x .media { aspect-ratio: 1.91 / 1; }
.x .pill-wrap { position: absolute; bottom: 12px; left: 12px; right: 12px; display: flex; }
.x .pill { height: 20px; padding: 0 4px; border-radius: 4px; background: rgba(0,0,0,.77); color: #fff; font-size: 13px; line-height: 20px;
  font-weight: 400; max-width: 100%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; pointer-events: none; }
.x .from { font-size: 13px; line-height: 16px; color: var(--x-muted); }

/* Facebook (§3) */
.frame.facebook { --fb-surface: #fff; --fb-fg: #050505; --fb-muted: #65676B; --fb-box: #F0F2F5; background: #F0F2F5;
  --pv-font: system-ui, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial; color: var(--fb-fg); }
.facebook .post { background: var(--fb-surface); border-radius: 8px; max-width: 500px; overflow: hidden; box-shadow: 0 1px 2px rgba(0,0,0,.2); }
.facebook .post-head { padding: 12px 16px 0; }
.facebook .post-head .meta { font-size: 13px; color: var(--fb-muted); display: block; }
.facebook .post-text { padding: 4px 16px 12px; font-size: 15px; }
.facebook .media { aspect-ratio: 1.91 / 1; border-top: 1px solid rgba(0,0,0,.1); }
.facebook .box { background: var(--fb-box); padding: 10px 16px 12px; }
.facebook .domain { font-size: 13px; line-height: 1; text-transform: uppercase; color: var(--fb-muted); margin-bottom: 4px; }
.facebook .title { font-size: 17px; line-height: 1.18; font-weight: 600; color: var(--fb-fg); }
.facebook .desc { font-size: 15px; line-height: 1.33; color: var(--fb-muted); margin-top: 2px; }

/* LinkedIn (§4): compact organic card, sponsored large card behind a toggle */
.frame.linkedin { --li-surface: #fff; --li-fg: rgba(0,0,0,.9); --li-muted: rgba(0,0,0,.6); --li-line: rgba(0,0,0,.15); background: #F4F2EE;
  --pv-font: -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", "Fira Sans", Ubuntu, Oxygen, Cantarell, "Droid Sans", Helvetica, Arial; color: var(--li-fg); }
.linkedin .post { background: var(--li-surface); border-radius: 8px; max-width: 555px; padding: 12px 16px; box-shadow: 0 0 0 1px rgba(0,0,0,.08); }
.linkedin .post-head { font-size: 14px; }
.linkedin .post-text { font-size: 14px; line-height: 20px; margin: 4px 0 8px; }
.linkedin .article { display: flex; gap: 12px; align-items: center; border: 1px solid var(--li-line); border-radius: 8px; padding: 8px; }
.linkedin .thumb { width: 128px; height: 72px; flex: none; border-radius: 6px; overflow: hidden; }
.linkedin .text { min-width: 0; }
.linkedin .title { font-size: 14px; line-height: 20px; font-weight: 600; }
.linkedin .source { font-size: 12px; line-height: 16px; color: var(--li-muted); margin-top: 2px; }
.mock:has(.li-large:checked) .linkedin .article { flex-direction: column; align-items: stretch; padding: 0; gap: 0; border-radius: 0; border-width: 0; }
.mock:has(.li-large:checked) .linkedin .thumb { width: 100%; height: auto; aspect-ratio: 1.91 / 1; border-radius: 0; }
.mock:has(.li-large:checked) .linkedin .text { background: #EEF3F8; padding: 8px 12px; }

/* Bluesky (§1, exact values from the open-source app) */
.frame.bluesky { --bs-bg: #FFFFFF; --bs-fg: #000000; --bs-border: #DCE2EA; --bs-domain: #405168; --bs-globe: #8798B0; background: var(--bs-bg); color: var(--bs-fg);
  --pv-font: InterVariable, system-ui, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial; font-variant: no-contextual; font-size: 15px; line-height: 20px; }
.bluesky .post { display: grid; grid-template-columns: 42px minmax(0, 1fr); gap: 10px; max-width: 600px; }
.bluesky .avatar { width: 42px; height: 42px; }
.bluesky .name { font-weight: 600; } .bluesky .handle { color: var(--bs-domain); }
.bluesky .card { margin-top: 8px; border: 1px solid var(--bs-border); border-radius: 12px; overflow: hidden; display: flex; flex-direction: column; }
.bluesky .media { aspect-ratio: 1200 / 630; }
.bluesky .text-area { padding-top: 8px; display: flex; flex-direction: column; gap: 3px; }
.bluesky .media + .text-area { border-top: 1px solid var(--bs-border); }
.bluesky .inner { padding: 0 12px 4px; display: flex; flex-direction: column; gap: 3px; }
.bluesky .title { font-size: 15px; font-weight: 600; line-height: 20px; }
.bluesky .desc { font-size: 13.1px; line-height: 17px; }
.bluesky .footer { padding: 0 12px; }
.bluesky .footer-row { border-top: 1px solid var(--bs-border); display: flex; align-items: center; gap: 2px; padding: 6px 0 8px; }
.bluesky .globe { width: 12px; height: 12px; flex: none; margin-inline-end: 2px; border: 1.5px solid var(--bs-globe); border-radius: 50%; }
.bluesky .domain { font-size: 11.3px; line-height: 15px; color: var(--bs-domain); min-width: 0; }

/* WhatsApp (§5): outgoing bubble, large preview (title + URL, as Meta's caption says) */
.frame.whatsapp { --wa-chat: #EFEAE2; --wa-bubble: #D9FDD3; --wa-fg: #111B21; --wa-muted: #667781; --wa-tint: rgba(0,0,0,.05); --wa-link: #027EB5;
  background: var(--wa-chat); color: var(--wa-fg); --pv-font: "Segoe UI", "Helvetica Neue", Helvetica, Roboto, Arial; font-size: 14.2px; line-height: 19px; }
.whatsapp .chat { display: flex; justify-content: flex-end; }
.whatsapp .bubble { background: var(--wa-bubble); border-radius: 7.5px; padding: 3px; max-width: min(100%, 360px); box-shadow: 0 1px .5px rgba(0,0,0,.13); }
.whatsapp .preview { background: var(--wa-tint); border-radius: 6px; overflow: hidden; }
.whatsapp .media { aspect-ratio: 1.91 / 1; }
.whatsapp .ptext { padding: 6px 10px 8px; }
.whatsapp .title { font-weight: 600; font-size: 14px; line-height: 19px; }
.whatsapp .domain { font-size: 12px; color: var(--wa-muted); margin-top: 2px; }
.whatsapp .msg { padding: 6px 7px 2px; }
.whatsapp .msg .link { color: var(--wa-link); }
.whatsapp .time { font-size: 11px; color: var(--wa-muted); text-align: end; padding: 0 6px 2px; }
.whatsapp .dropped { font-size: 12px; padding: 4px 10px; color: var(--wa-muted); font-style: italic; }

.whatsapp .dropped { display: none; }
.whatsapp.wa-dropped .dropped { display: block; }
.whatsapp.wa-dropped .media { display: none; }

/* Slack (§6) */
.frame.slack { --sl-bg: #fff; --sl-fg: #1D1C1D; --sl-link: #1264A3; --sl-bar: #DDDDDD; --sl-muted: #616061; background: var(--sl-bg); color: var(--sl-fg);
  --pv-font: Slack-Lato, Lato, "Helvetica Neue", Helvetica, "Segoe UI", Arial; font-size: 15px; line-height: 22px; }
.slack .attachment { display: flex; gap: 12px; max-width: 560px; }
.slack .bar { width: 4px; border-radius: 8px; background: var(--sl-bar); flex: none; }
.slack .body { min-width: 0; }
.slack .service { font-weight: 700; display: flex; gap: 6px; align-items: center; }
.slack .favicon { width: 16px; height: 16px; border-radius: 3px; background: #0b1020; flex: none; }
.slack .title { color: var(--sl-link); font-weight: 700; }
.slack .desc { }
.slack .image { margin-top: 6px; max-width: 360px; border-radius: 4px; overflow: hidden; }

/* Discord (§7) */
.frame.discord { --dc-chat: #FFFFFF; --dc-box: #F2F3F5; --dc-fg: #2E3338; --dc-link: #006CE7; --dc-muted: #4E5058; background: var(--dc-chat); color: var(--dc-fg);
  --pv-font: "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial; font-size: 14px; line-height: 18px; }
.discord .embed { display: flex; max-width: 516px; border-radius: 4px; overflow: hidden; background: var(--dc-box); }
.discord .accent { width: 4px; flex: none; background: var(--dc-accent, #E3E5E8); }
.discord .body { padding: 8px 16px 16px 12px; min-width: 0; display: flex; flex-direction: column; }
.discord .provider { font-size: 12px; line-height: 16px; margin-top: 8px; color: var(--dc-muted); unicode-bidi: plaintext; text-align: left; }
.discord .title { font-size: 16px; line-height: 22px; font-weight: 600; color: var(--dc-link); margin-top: 8px; }
.discord .desc { margin-top: 8px; white-space: pre-line; }
.discord .image { margin-top: 16px; max-width: 400px; border-radius: 4px; overflow: hidden; }

/* Dark looks (each platform's own dark palette) */
main:has(#theme-dark:checked) .frame.x, main:has(#theme-dim:checked) .frame.x { --x-bg: #000; --x-fg: #E7E9EA; --x-border: #2F3336; --x-muted: #71767B; }
main:has(#theme-dark:checked) .frame.facebook, main:has(#theme-dim:checked) .frame.facebook { --fb-surface: #242526; --fb-fg: #E4E6EB; --fb-muted: #B0B3B8; --fb-box: #3A3B3C; background: #18191A; }
main:has(#theme-dark:checked) .frame.linkedin, main:has(#theme-dim:checked) .frame.linkedin { --li-surface: #1B1F23; --li-fg: rgba(255,255,255,.9); --li-muted: rgba(255,255,255,.6); --li-line: rgba(255,255,255,.2); background: #000; }
main:has(#theme-dark:checked) .mock:has(.li-large:checked) .linkedin .text, main:has(#theme-dim:checked) .mock:has(.li-large:checked) .linkedin .text { background: #38434F; }
main:has(#theme-dim:checked) .frame.bluesky { --bs-bg: #151D28; --bs-fg: #FFFFFF; --bs-border: #2C3A4E; --bs-domain: #ABB8C9; --bs-globe: #586C89; }
main:has(#theme-dark:checked) .frame.bluesky { --bs-bg: #000000; --bs-fg: #FFFFFF; --bs-border: #232E3E; --bs-domain: #A5B2C5; --bs-globe: #526580; }
main:has(#theme-dark:checked) .frame.whatsapp, main:has(#theme-dim:checked) .frame.whatsapp { --wa-chat: #0B141A; --wa-bubble: #005C4B; --wa-fg: #E9EDEF; --wa-muted: #8696A0; --wa-tint: rgba(255,255,255,.05); --wa-link: #53BDEB; }
main:has(#theme-dark:checked) .frame.slack, main:has(#theme-dim:checked) .frame.slack { --sl-bg: #1A1D21; --sl-fg: #D1D2D3; --sl-link: #1D9BD1; --sl-bar: rgba(232,232,232,.13); }
main:has(#theme-dark:checked) .frame.discord, main:has(#theme-dim:checked) .frame.discord { --dc-chat: #313338; --dc-box: #2B2D31; --dc-fg: #DBDEE1; --dc-link: #00A8FC; --dc-muted: #B5BAC1; }

/* Platform UI in a right-to-left language: the chrome mirrors, texts keep dir="auto" (§2.3, §3, §5) */
main:has(#uidir-rtl:checked) .frame { direction: rtl; }
main:has(#uidir-rtl:checked) .x .pill-wrap { justify-content: flex-start; }
main:has(#uidir-rtl:checked) .whatsapp .chat { justify-content: flex-start; }
main:has(#uidir-rtl:checked) .discord .provider { text-align: right; }

/* Share texts */
.share-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); }
.share-item textarea { font-size: 14px; min-height: 7em; background: #fafbfc; }
.counter { display: flex; gap: 8px; align-items: center; font-size: 13px; margin: 6px 0; }
.counter meter { flex: 1; height: 10px; }
.counter.over { color: var(--pv-bad); font-weight: 700; }
.share-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.copied { font-size: 13px; color: var(--pv-ok); min-height: 1.2em; margin: 4px 0 0; }
section.share { margin-top: 20px; }
.mockups h2, .share h2 { margin-top: 0; }
@media (max-width: 640px) {
  .pv-main { padding: 12px 10px 40px; }
  .frame { padding: 10px; }
  h1 { font-size: 20px; }
}
`;
