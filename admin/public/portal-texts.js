// The texts of the portal's own scripts, in the logged-in user's language: admin/panel-locale.ts
// puts them into the page's state beside AdminJS's (components.Portal). Loaded before the other scripts.
(function () {
  const locale = (window.REDUX_STATE && window.REDUX_STATE.locale) || {};
  const translations = (locale.translations && locale.translations[locale.language]) || {};
  const texts = (translations.components && translations.components.Portal) || {};
  /** A text with its {{name}} places filled from `values`; the key itself where a text is missing. */
  window.portalText = function (key, values) {
    const text = typeof texts[key] === 'string' ? texts[key] : key;
    return text.replace(/{{(\w+)}}/g, (_, name) => (values && name in values ? String(values[name]) : ''));
  };
  /** A value's label (views, roles, languages) or the value itself. */
  window.portalLabel = function (list, value) {
    return (texts[list] && texts[list][value]) || value;
  };
  /** A resource's name as the sidebar shows it. */
  window.portalResourceName = function (id) {
    const resource = translations.resources && translations.resources[id];
    return (resource && resource.labels && resource.labels[id]) || id;
  };
  /** An action's name as its button shows it (the resource's own text first, then the shared one). */
  window.portalActionName = function (resourceId, name) {
    const resource = translations.resources && translations.resources[resourceId];
    return (resource && resource.actions && resource.actions[name]) || (translations.actions && translations.actions[name]) || name;
  };
  window.portalLanguage = locale.language || 'en';
})();
