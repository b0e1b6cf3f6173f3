// The editor page script, served as it is from /preview/assets/ under a content-hashed name
// (src/preview/assets.ts reads this file). Plain browser JavaScript, type-checked against the
// DOM library by `npm run typecheck` (tsconfig.json: checkJs) with the JSDoc types below.
/**
 * The page data the server embeds as JSON in #preview-data (src/preview/story-page.ts).
 * @typedef {{ image: string, maxBytes: number, label: string, consequence: string }} Budget
 * @typedef {{ value: number, max: number | null, unit: string }} Counter
 * @typedef {{ text: string, display: string, intentUrl: string, counter?: Counter }} PlatformShare
 * @typedef {{ platforms?: Record<string, PlatformShare>, discord?: { title: string, titleCut: boolean, description: string } }} SharePreview
 * @typedef {{
 *   slug: string, url: string, template: string, preset: string, csrf: string,
 *   renderUrl: string, shareUrl: string, loginUrl: string, accentColor?: string,
 *   cutNames?: Record<string, string>, budgets?: Record<string, Budget>,
 *   initialBytes?: Record<string, number>,
 *   original: { title: string, kicker: string, description: string }
 * }} PreviewData
 */
(function () {
  'use strict';
  /* Chromium keeps text it shaped while a unicode-range face of the stack was still loading,
     for as long as the font (family list, size, weight, features) stays the same: the Bluesky
     and Slack descriptions of a Japanese story stayed in DejaVu Sans, as tofu, after the face
     had loaded (a changed family list or font-variation-settings did not help). Each time faces
     finish loading, every element gets a new no-op OpenType feature, "pvfp" N (no font has it),
     which makes its font a new one, shaped again. */
  var fontPass = 0;
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener('loadingdone', function () {
      fontPass += 1;
      document.documentElement.style.setProperty('--pv-font-pass', '"pvfp" ' + fontPass);
    });
  }
  var dataEl = document.getElementById('preview-data');
  if (!dataEl) return;
  /** @type {PreviewData} */
  var data = JSON.parse(dataEl.textContent || '{}');
  var form = document.getElementById('edit-form');
  var warningsEl = document.getElementById('warnings');
  var stateEl = document.getElementById('render-state');
  // The story page always has both; without them there is nothing this script can do.
  if (!warningsEl || !stateEl) return;
  var warnings = warningsEl;
  var state = stateEl;
  var DEBOUNCE_MS = 450;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var timer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var resizeTimer;
  var seq = 0;
  /** @type {AbortController | null} */
  var inflight = null;
  /** @type {Record<string, string>} */
  var blobUrls = {};
  /** @type {Record<string, number>} */
  var imageBytes = {};
  var cutNames = data.cutNames || {};

  /** @param {string} sel @param {ParentNode} [root] @returns {HTMLElement[]} */
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** The value of an edit-form field (#f-<name>: an input, textarea or select), or ''. */
  /** @param {string} name */
  function field(name) { var f = /** @type {HTMLInputElement | null} */ (document.getElementById('f-' + name)); return f ? f.value : ''; }
  /** @param {string} name @param {string} value */
  function setField(name, value) { var f = /** @type {HTMLInputElement | null} */ (document.getElementById('f-' + name)); if (f) f.value = value; }
  /** @param {number} n */
  function fmtBytes(n) { return n >= 1000000 ? (n / 1000000).toFixed(2) + ' MB' : Math.round(n / 1000) + ' KB'; }

  var accent = data.accentColor;
  if (accent) $$('.frame.discord').forEach(function (f) { f.style.setProperty('--dc-accent', /** @type {string} */ (accent)); });

  /* Warnings: server-rendered ones carry data-key; the script owns the dynamic keys. */
  /** @param {string} key @param {string} level @param {[string, string]} html */
  function setWarning(key, level, html) {
    var li = warnings.querySelector('li[data-key="' + key + '"]');
    if (!li) { li = document.createElement('li'); li.setAttribute('data-key', key); warnings.appendChild(li); }
    li.className = level;
    li.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = html[0];
    li.appendChild(strong);
    li.appendChild(document.createTextNode(html[1]));
    syncOk();
  }
  /** @param {string} key */
  function clearWarning(key) {
    var li = warnings.querySelector('li[data-key="' + key + '"]');
    if (li) li.remove();
    syncOk();
  }
  function syncOk() {
    var others = $$('li:not([data-key="all-clear"])', warnings).length;
    var ok = warnings.querySelector('li[data-key="all-clear"]');
    if (others === 0 && !ok) {
      ok = document.createElement('li');
      ok.setAttribute('data-key', 'all-clear');
      ok.className = 'ok';
      ok.textContent = 'No problems found for any platform.';
      warnings.appendChild(ok);
    } else if (others > 0 && ok) ok.remove();
  }

  /* Title cut: the mockups clamp with CSS like the platforms, so measure the layout. */
  function checkCuts() {
    /** @type {Record<string, boolean>} */
    var cut = {};
    $$('[data-cut-check]').forEach(function (node) {
      if (!node.offsetParent) return;
      var p = node.getAttribute('data-cut-check') || '';
      var truncated = node.getAttribute('data-bytes-cut') === 'true' || (node.classList.contains('clamp-1')
        ? node.scrollWidth > node.clientWidth + 1
        : node.scrollHeight > node.clientHeight + 1);
      node.setAttribute('data-truncated', truncated ? 'true' : 'false');
      if (truncated) cut[p] = true;
    });
    var names = Object.keys(cut).map(function (p) { return cutNames[p] || p; });
    if (names.length) setWarning('title-cut', 'warn', ['Headline cut: ', names.join(', ') + ' cut the headline at this width (see the ellipsis in the mockups). Put the key words first.']);
    else clearWarning('title-cut');
  }

  function checkBudgets() {
    /** @type {string[]} */
    var over = [];
    var budgets = data.budgets || {};
    Object.keys(budgets).forEach(function (p) {
      var b = budgets[p];
      var bytes = imageBytes[b.image];
      if (bytes === undefined) return;
      var key = 'bytes-' + p;
      if (bytes > b.maxBytes) {
        over.push(p);
        setWarning(key, 'bad', [b.label + ' image too heavy: ', 'the card is ' + fmtBytes(bytes) + ', over ' + b.label + "'s " + fmtBytes(b.maxBytes) + ' budget. ' + b.consequence]);
      } else clearWarning(key);
    });
    $$('.frame.whatsapp').forEach(function (f) { f.classList.toggle('wa-dropped', over.indexOf('whatsapp') >= 0); });
    $$('[data-bytes]').forEach(function (n) {
      var b = imageBytes[n.getAttribute('data-bytes') || ''];
      if (b !== undefined) n.textContent = fmtBytes(b);
    });
  }

  function bindText() {
    var title = field('title').trim();
    var description = field('description').trim();
    var kicker = field('kicker').trim();
    $$('[data-bind="title"]').forEach(function (n) { n.textContent = title || data.url; });
    $$('[data-bind="description"]').forEach(function (n) {
      var v = description || kicker;
      n.textContent = v;
      n.hidden = !v;
    });
    if (!description && !kicker) setWarning('description', 'warn', ['No description: ', 'Facebook, Bluesky, Slack and Discord will show the card with the headline only.']);
    else clearWarning('description');
    if (!title) setWarning('title-empty', 'bad', ['No headline: ', 'platforms fall back to the bare URL.']);
    else clearWarning('title-empty');
  }

  /** @param {string} preset */
  function payload(preset) {
    return JSON.stringify({
      slug: data.slug, preset: preset, template: field('template') || data.template,
      title: field('title'), kicker: field('kicker'), description: field('description'),
    });
  }
  /** @param {string} path @param {string} body @param {AbortSignal} signal @returns {Promise<Response>} */
  function post(path, body, signal) {
    return fetch(path, {
      method: 'POST', signal: signal, credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf },
      body: body,
    }).then(function (res) {
      if (res.status === 401) { window.location.assign(data.loginUrl); throw new Error('session expired'); }
      if (!res.ok) return res.json().then(function (j) { throw new Error((j && j.error && j.error.message) || ('HTTP ' + res.status)); }, function () { throw new Error('HTTP ' + res.status); });
      return res;
    });
  }

  /** @param {string} kind @param {Blob} blob */
  function setImage(kind, blob) {
    var url = URL.createObjectURL(blob);
    $$('img[data-card="' + kind + '"]').forEach(function (img) { /** @type {HTMLImageElement} */ (img).src = url; });
    if (blobUrls[kind]) URL.revokeObjectURL(blobUrls[kind]);
    blobUrls[kind] = url;
    imageBytes[kind] = blob.size;
  }

  /** @param {SharePreview} share */
  function updateShare(share) {
    var platforms = share.platforms || {};
    Object.keys(platforms).forEach(function (p) {
      var s = platforms[p];
      var ta = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('share-text-' + p));
      if (ta) ta.value = s.text;
      $$('[data-share-text="' + p + '"]').forEach(function (n) { n.textContent = s.display; });
      var link = /** @type {HTMLAnchorElement | null} */ (document.getElementById('share-intent-' + p));
      if (link) { link.href = s.intentUrl; link.setAttribute('data-copy', s.intentUrl); }
      var c = document.getElementById('counter-' + p);
      var counter = s.counter;
      if (c && counter) {
        const meter = c.querySelector('meter');
        const max = counter.max;
        if (meter && max !== null) { meter.max = max; meter.value = counter.value; }
        const count = c.querySelector('.count');
        if (count) count.textContent = counter.value + (max !== null ? ' / ' + max : '') + ' ' + counter.unit;
        c.classList.toggle('over', max !== null && counter.value > max);
      }
    });
    const discord = share.discord;
    if (discord) {
      $$('[data-bind="discord-title"]').forEach(function (n) {
        n.textContent = discord.title;
        n.setAttribute('data-bytes-cut', discord.titleCut ? 'true' : 'false');
      });
      $$('[data-bind="discord-description"]').forEach(function (n) { n.textContent = discord.description; n.hidden = !discord.description; });
    }
  }

  function rerender() {
    var my = ++seq;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    var signal = inflight.signal;
    state.classList.remove('error');
    state.textContent = 'Rendering…';
    var preset = field('preset') || data.preset;
    var kinds = ['og', 'x'];
    if (kinds.indexOf(preset) < 0) kinds.push(preset);
    var renders = kinds.map(function (kind) {
      return post(data.renderUrl, payload(kind), signal).then(function (res) { return res.blob(); }).then(function (blob) {
        if (my !== seq) return;
        setImage(kind, blob);
        if (kind === preset) setImage('panel', blob);
      });
    });
    var share = post(data.shareUrl, payload(preset), signal).then(function (res) { return res.json(); }).then(function (j) {
      if (my !== seq) return;
      updateShare(j);
      /* Characters no shipped font can draw in the edited text: the server's coverage answer. */
      if (j.tofu) setWarning('tofu', j.tofu.level, [j.tofu.title + ' ', j.tofu.text]);
      else clearWarning('tofu');
    });
    Promise.all(renders.concat([share])).then(function () {
      if (my !== seq) return;
      state.textContent = 'Card re-rendered (not saved).';
      $$('[data-preset-label]').forEach(function (n) { n.textContent = preset; });
      checkBudgets();
      requestAnimationFrame(checkCuts);
    }, function (err) {
      if (my !== seq || (err && err.name === 'AbortError')) return;
      state.classList.add('error');
      state.textContent = 'Could not re-render: ' + (err && err.message ? err.message : 'unknown error');
    });
  }

  function schedule() {
    bindText();
    requestAnimationFrame(checkCuts);
    clearTimeout(timer);
    timer = setTimeout(rerender, DEBOUNCE_MS);
  }

  if (form) {
    form.addEventListener('input', function (e) {
      var t = e.target;
      var n = t instanceof Element ? t.getAttribute('data-name') : null;
      if (n === 'title' || n === 'kicker' || n === 'description') schedule();
    });
    form.addEventListener('change', function (e) {
      var t = /** @type {HTMLInputElement | null} */ (e.target);
      if (t && (t.name === 'template' || t.name === 'preset')) { clearTimeout(timer); rerender(); }
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); rerender(); });
    const reset = document.getElementById('reset-edits');
    if (reset) reset.addEventListener('click', function () {
      setField('title', data.original.title);
      setField('kicker', data.original.kicker);
      setField('description', data.original.description);
      schedule();
    });
  }

  /* Theme and UI-direction radios restyle through CSS; re-measure the clamps after. */
  $$('input[name="theme"], input[name="uidir"], input.li-large').forEach(function (r) {
    r.addEventListener('change', function () { requestAnimationFrame(checkCuts); });
  });
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(checkCuts, 150); });
  $$('img.card-img').forEach(function (img) { img.addEventListener('load', function () { requestAnimationFrame(checkCuts); }); });

  /* Copy buttons: async clipboard, else a hidden textarea and execCommand (older browsers, http). */
  /** @param {string} text @returns {Promise<void>} */
  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'visually-hidden';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error('copy failed'));
  }
  /** @param {string} text @returns {Promise<void>} */
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    return fallbackCopy(text);
  }
  $$('button[data-copy-from]').forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener('click', function () {
      var src = document.getElementById(btn.getAttribute('data-copy-from') || '');
      var text = src ? (src instanceof HTMLTextAreaElement ? src.value : src.getAttribute('data-copy') || '') : '';
      var status = document.getElementById(btn.getAttribute('data-status') || '');
      copy(text).then(function () { if (status) status.textContent = btn.getAttribute('data-done') || 'Copied.'; },
        function () { if (status) status.textContent = 'Copy failed: select the text and copy it by hand.'; });
    });
  });

  imageBytes = data.initialBytes || {};
  checkBudgets();
  bindText();
  requestAnimationFrame(checkCuts);
})();
