// The share bar's script, served as it is at /assets/share-bar.js (src/share-bar-assets/assets.ts
// reads this file). Plain browser JavaScript, type-checked against the DOM library by
// `npm run typecheck` (tsconfig.json: checkJs) with the JSDoc types below.
(function () {
  'use strict';
  var STATUS_MS = 4000;

  /** @param {Element} button */
  function reveal(button) {
    var item = /** @type {HTMLElement | null} */ (button.closest('li'));
    if (item) item.hidden = false;
  }

  /** The pending clear of each status region, so a second copy restarts its timer. */
  /** @type {WeakMap<Element, number>} */
  var clearTimers = new WeakMap();

  /** @param {Element} bar @param {string} text */
  function announce(bar, text) {
    var status = bar.querySelector('[data-sharecard-status]');
    if (!status) return;
    var region = status;
    // Cleared first so the same message is announced again on a second copy.
    status.textContent = '';
    window.setTimeout(function () { region.textContent = text; }, 50);
    window.clearTimeout(clearTimers.get(region));
    clearTimers.set(region, window.setTimeout(function () { region.textContent = ''; }, STATUS_MS));
  }

  /** @param {Element} bar */
  function enableBar(bar) {
    if (bar.hasAttribute('data-sharecard-ready')) return;
    bar.setAttribute('data-sharecard-ready', '');
    const copy = bar.querySelector('[data-sharecard-copy]');
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
      const data = { title: share.getAttribute('data-sharecard-title') || '', url: share.getAttribute('data-sharecard-url') || '' };
      if (typeof navigator.canShare === 'function' && !navigator.canShare(data)) return;
      reveal(share);
      share.addEventListener('click', function () {
        // Rejects with AbortError when the reader closes the sheet: not an error.
        navigator.share(data).catch(function () {});
      });
    }
  }

  /** @param {ParentNode} [root] */
  function enable(root) {
    var bars = (root || document).querySelectorAll('[data-sharecard-bar]');
    for (let i = 0; i < bars.length; i++) enableBar(bars[i]);
  }

  /** @type {Window & { sharecardShareBar?: { enable: typeof enable } }} */ (window).sharecardShareBar = { enable: enable };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { enable(); });
  else enable();
})();
