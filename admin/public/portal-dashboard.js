// Replaces AdminJS's marketing dashboard with the portal's start page (who you act as, your
// screens, whom to call for support) without a React bundle.
(function () {
  const text = (tag, content, css) => {
    const element = document.createElement(tag);
    element.textContent = content;
    if (css) element.style.cssText = css;
    return element;
  };

  async function render(dashboard) {
    dashboard.dataset.portal = 'loading';
    window.portalContext = window.portalContext || fetch('/admin/context', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null));
    const context = await window.portalContext;
    if (!context) return;
    const { current, available, support } = context;
    const me = available.find((c) => c.organizationId === current.organizationId && c.view === current.view);
    const box = document.createElement('div');
    box.id = 'portal-dashboard';
    box.style.cssText = 'padding:32px 40px;font:15px sans-serif;line-height:1.5';
    box.appendChild(text('h2', 'Channel License Portal', 'font-size:26px;margin:0 0 8px'));
    if (me) {
      box.appendChild(text('p', window.portalText('actingAs', {
        organization: me.organizationName, view: window.portalLabel('views', me.view), role: window.portalLabel('roles', me.role),
      })));
    }
    const screens = ((window.REDUX_STATE || {}).resources || []).filter((r) => r.href);
    if (screens.length) {
      box.appendChild(text('h3', window.portalText('yourScreens'), 'margin:24px 0 8px;font-size:18px'));
      const list = document.createElement('ul');
      for (const resource of screens) {
        const item = document.createElement('li');
        const link = text('a', window.portalResourceName(resource.id), 'color:#3040d6');
        link.href = resource.href;
        item.appendChild(link);
        list.appendChild(item);
      }
      box.appendChild(list);
    }
    if (support) {
      box.appendChild(text('h3', window.portalText('support'), 'margin:24px 0 8px;font-size:18px'));
      box.appendChild(text('p', support.organizationName + ': ' + support.supportContact));
    }
    // The header and the cards are children of the dashboard's root, which unmounts with the page.
    const root = dashboard.parentElement;
    for (const child of Array.from(root.children)) child.style.display = 'none';
    root.prepend(box);
    dashboard.dataset.portal = 'done';
  }

  new MutationObserver(() => {
    const dashboard = document.querySelector('[data-css="default-dashboard"]');
    if (dashboard && !dashboard.dataset.portal) render(dashboard);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
