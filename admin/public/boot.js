// Runs before AdminJS's bundles: reads the page's JSON data blocks (admin/page-layout.ts) into the
// globals AdminJS expects. The page holds no inline script, so its Content-Security-Policy allows
// only the panel's own script files.
(function () {
  const data = (id) => {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : undefined;
  };
  window.REDUX_STATE = data('portal-state');
  window.THEME = data('portal-theme');
  window.THEME_COMPONENTS = {};
  window.AdminJS = { Components: {} };
  const login = data('portal-login');
  if (login) window.__APP_STATE__ = login;
})();
