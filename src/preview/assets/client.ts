/**
 * The editor page script, served from /preview/assets/ under a content-hashed name. It is a
 * module only so the compiled build carries it with no copy step; the browser gets the string.
 * No template literals inside (the string is one), no eval, no inline handlers: it runs under
 * `script-src 'self'` and changes styles only through classes and CSSOM custom properties.
 *
 * What it does on /preview/:slug: live re-render of the edited card through the authenticated
 * render endpoint (debounced, earlier requests aborted), live share texts and counters, the
 * warnings that need layout or real bytes (title cut by a platform, card over a byte budget),
 * and copy buttons with a fallback for browsers without the async clipboard.
 */
export const previewJs = String.raw`(function () {
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
  var data = JSON.parse(dataEl.textContent || '{}');
  var form = document.getElementById('edit-form');
  var warningsEl = document.getElementById('warnings');
  var stateEl = document.getElementById('render-state');
  var DEBOUNCE_MS = 450;
  var timer = 0;
  var seq = 0;
  var inflight = null;
  var blobUrls = {};
  var imageBytes = {};
  var cutNames = data.cutNames || {};

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function field(name) { var f = document.getElementById('f-' + name); return f ? f.value : ''; }
  function fmtBytes(n) { return n >= 1000000 ? (n / 1000000).toFixed(2) + ' MB' : Math.round(n / 1000) + ' KB'; }

  if (data.accentColor) $$('.frame.discord').forEach(function (f) { f.style.setProperty('--dc-accent', data.accentColor); });

  /* Warnings: server-rendered ones carry data-key; the script owns the dynamic keys. */
  function setWarning(key, level, html) {
    var li = warningsEl.querySelector('li[data-key="' + key + '"]');
    if (!li) { li = document.createElement('li'); li.setAttribute('data-key', key); warningsEl.appendChild(li); }
    li.className = level;
    li.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = html[0];
    li.appendChild(strong);
    li.appendChild(document.createTextNode(html[1]));
    syncOk();
  }
  function clearWarning(key) {
    var li = warningsEl.querySelector('li[data-key="' + key + '"]');
    if (li) li.remove();
    syncOk();
  }
  function syncOk() {
    var others = $$('li:not([data-key="all-clear"])', warningsEl).length;
    var ok = warningsEl.querySelector('li[data-key="all-clear"]');
    if (others === 0 && !ok) {
      ok = document.createElement('li');
      ok.setAttribute('data-key', 'all-clear');
      ok.className = 'ok';
      ok.textContent = 'No problems found for any platform.';
      warningsEl.appendChild(ok);
    } else if (others > 0 && ok) ok.remove();
  }

  /* Title cut: the mockups clamp with CSS like the platforms, so measure the layout. */
  function checkCuts() {
    var cut = {};
    $$('[data-cut-check]').forEach(function (node) {
      if (!node.offsetParent) return;
      var p = node.getAttribute('data-cut-check');
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
    var over = [];
    Object.keys(data.budgets || {}).forEach(function (p) {
      var b = data.budgets[p];
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
      var b = imageBytes[n.getAttribute('data-bytes')];
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

  function payload(preset) {
    return JSON.stringify({
      slug: data.slug, preset: preset, template: field('template') || data.template,
      title: field('title'), kicker: field('kicker'), description: field('description'),
    });
  }
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

  function setImage(kind, blob) {
    var url = URL.createObjectURL(blob);
    $$('img[data-card="' + kind + '"]').forEach(function (img) { img.src = url; });
    if (blobUrls[kind]) URL.revokeObjectURL(blobUrls[kind]);
    blobUrls[kind] = url;
    imageBytes[kind] = blob.size;
  }

  function updateShare(share) {
    Object.keys(share.platforms || {}).forEach(function (p) {
      var s = share.platforms[p];
      var ta = document.getElementById('share-text-' + p);
      if (ta) ta.value = s.text;
      $$('[data-share-text="' + p + '"]').forEach(function (n) { n.textContent = s.display; });
      var link = document.getElementById('share-intent-' + p);
      if (link) { link.href = s.intentUrl; link.setAttribute('data-copy', s.intentUrl); }
      var c = document.getElementById('counter-' + p);
      if (c && s.counter) {
        var meter = c.querySelector('meter');
        var hasMax = s.counter.max !== null;
        if (meter && hasMax) { meter.max = s.counter.max; meter.value = s.counter.value; }
        c.querySelector('.count').textContent = s.counter.value + (hasMax ? ' / ' + s.counter.max : '') + ' ' + s.counter.unit;
        c.classList.toggle('over', hasMax && s.counter.value > s.counter.max);
      }
    });
    if (share.discord) {
      $$('[data-bind="discord-title"]').forEach(function (n) {
        n.textContent = share.discord.title;
        n.setAttribute('data-bytes-cut', share.discord.titleCut ? 'true' : 'false');
      });
      $$('[data-bind="discord-description"]').forEach(function (n) { n.textContent = share.discord.description; n.hidden = !share.discord.description; });
    }
  }

  function rerender() {
    var my = ++seq;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    var signal = inflight.signal;
    stateEl.classList.remove('error');
    stateEl.textContent = 'Rendering…';
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
      stateEl.textContent = 'Card re-rendered (not saved).';
      $$('[data-preset-label]').forEach(function (n) { n.textContent = preset; });
      checkBudgets();
      requestAnimationFrame(checkCuts);
    }, function (err) {
      if (my !== seq || (err && err.name === 'AbortError')) return;
      stateEl.classList.add('error');
      stateEl.textContent = 'Could not re-render: ' + (err && err.message ? err.message : 'unknown error');
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
      var n = t && t.getAttribute && t.getAttribute('data-name');
      if (n === 'title' || n === 'kicker' || n === 'description') schedule();
    });
    form.addEventListener('change', function (e) {
      var t = e.target;
      if (t && (t.name === 'template' || t.name === 'preset')) { clearTimeout(timer); rerender(); }
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); rerender(); });
    var reset = document.getElementById('reset-edits');
    if (reset) reset.addEventListener('click', function () {
      document.getElementById('f-title').value = data.original.title;
      document.getElementById('f-kicker').value = data.original.kicker;
      document.getElementById('f-description').value = data.original.description;
      schedule();
    });
  }

  /* Theme and UI-direction radios restyle through CSS; re-measure the clamps after. */
  $$('input[name="theme"], input[name="uidir"], input.li-large').forEach(function (r) {
    r.addEventListener('change', function () { requestAnimationFrame(checkCuts); });
  });
  window.addEventListener('resize', function () { clearTimeout(checkCuts.t); checkCuts.t = setTimeout(checkCuts, 150); });
  $$('img.card-img').forEach(function (img) { img.addEventListener('load', function () { requestAnimationFrame(checkCuts); }); });

  /* Copy buttons: async clipboard, else a hidden textarea and execCommand (older browsers, http). */
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
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    return fallbackCopy(text);
  }
  $$('button[data-copy-from]').forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener('click', function () {
      var src = document.getElementById(btn.getAttribute('data-copy-from'));
      var text = src ? (src.value !== undefined && src.tagName === 'TEXTAREA' ? src.value : src.getAttribute('data-copy') || '') : '';
      var status = document.getElementById(btn.getAttribute('data-status'));
      copy(text).then(function () { if (status) status.textContent = btn.getAttribute('data-done') || 'Copied.'; },
        function () { if (status) status.textContent = 'Copy failed: select the text and copy it by hand.'; });
    });
  });

  imageBytes = data.initialBytes || {};
  checkBudgets();
  bindText();
  requestAnimationFrame(checkCuts);
})();
`;
