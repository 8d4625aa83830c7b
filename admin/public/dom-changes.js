// How the portal's scripts follow AdminJS's rendering: `update` runs once per animation frame after
// the page's elements changed (React re-renders often; one pass per frame sees the settled page).
window.portalOnDomChange = function (update) {
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
};
