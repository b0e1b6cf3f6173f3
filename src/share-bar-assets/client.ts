/**
 * The share bar's script, served at /assets/share-bar.js. A module only so the compiled build
 * carries it; the browser gets the string. It runs under `script-src 'self'`: no inline
 * handlers, no eval, no template literals (the string is one), and it changes nothing but the
 * `hidden` attribute and the status text.
 *
 * What it does: reveal the copy-link button when the async Clipboard API is there (secure
 * contexts only) and the native-share button when `navigator.share` is; copy or open the
 * share sheet on click; announce "Link copied" in the bar's status region. Bars inserted
 * later (a CMS fetching the fragment) are enabled by `window.sharecardShareBar.enable()`.
 */
export const shareBarJs = String.raw`(function () {
  'use strict';
  var STATUS_MS = 4000;

  function reveal(button) {
    var item = button.closest('li');
    if (item) item.hidden = false;
  }

  function announce(bar, text) {
    var status = bar.querySelector('[data-sharecard-status]');
    if (!status) return;
    // Cleared first so the same message is announced again on a second copy.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
    window.clearTimeout(status._sharecardTimer);
    status._sharecardTimer = window.setTimeout(function () { status.textContent = ''; }, STATUS_MS);
  }

  function enableBar(bar) {
    if (bar.hasAttribute('data-sharecard-ready')) return;
    bar.setAttribute('data-sharecard-ready', '');
    var copy = bar.querySelector('[data-sharecard-copy]');
    if (copy && window.isSecureContext && navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      reveal(copy);
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(copy.getAttribute('data-sharecard-url') || '').then(
          function () { announce(bar, copy.getAttribute('data-sharecard-done') || ''); },
          function () { /* permission refused: nothing was copied, so nothing is announced */ }
        );
      });
    }
    var share = bar.querySelector('[data-sharecard-share]');
    if (share && typeof navigator.share === 'function') {
      var data = { title: share.getAttribute('data-sharecard-title') || '', url: share.getAttribute('data-sharecard-url') || '' };
      if (typeof navigator.canShare === 'function' && !navigator.canShare(data)) return;
      reveal(share);
      share.addEventListener('click', function () {
        // Rejects with AbortError when the reader closes the sheet: not an error.
        navigator.share(data).catch(function () {});
      });
    }
  }

  function enable(root) {
    var bars = (root || document).querySelectorAll('[data-sharecard-bar]');
    for (var i = 0; i < bars.length; i++) enableBar(bars[i]);
  }

  window.sharecardShareBar = { enable: enable };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { enable(); });
  else enable();
})();
`;
