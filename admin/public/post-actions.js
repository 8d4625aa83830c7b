// AdminJS calls an action that has no component (activate, resend, approve …) with a GET; the
// panel carries such actions out only for a POST (admin/post-only.ts). This turns those calls of
// AdminJS's frontend into POSTs, asks for the values an operation cannot do without (the device
// of a license activation or transfer; the days or months of a runtime extension; a cancellation's reason and an exchange's replacement; a
// ticket generation's article, organization and count; where a ticket is passed down or whom it is
// assigned to; the text of an offer or support request, an offer's answer, a reply) — a refusal is
// shown by refusal-notices.js — and makes the menu's "Log out" a POST too (AdminJS navigates to the logout address, which only
// offers a logout button).
(function () {
  const ACTION = /^\/admin\/api\/resources\/([^/]+)\/(?:records\/[^/]+\/([^/]+)|actions\/([^/]+)|bulk\/([^/]+))$/;
  // Each question in turn (its text in admin/public/portal-texts.js); `when` asks it only after certain earlier answers.
  const ASK = {
    'licenses/activate': [{ field: 'device', question: 'askDevice' }],
    'licenses/transfer': [{ field: 'device', question: 'askTransferDevice' }],
    'subscriptions/cancel': [
      { field: 'reason', question: 'askCancelReason' },
      { field: 'replacedBy', question: 'askReplacedBy', when: (payload) => payload.reason === 'exchange' },
    ],
    'tickets/generateTickets': [
      { field: 'articleId', question: 'askArticle' },
      { field: 'organizationId', question: 'askTicketOrganization' },
      { field: 'count', question: 'askTicketCount' },
    ],
    'tickets/passDown': [{ field: 'organizationId', question: 'askPassDownOrganization' }],
    'tickets/assign': [{ field: 'userId', question: 'askAssignUser' }],
    'licenses/extendRuntime': [
      { field: 'days', question: 'askExtendDays' },
      { field: 'months', question: 'askExtendMonths', when: (payload) => !payload.days },
    ],
    'licenses/requestOffer': [{ field: 'message', question: 'askOfferMessage' }],
    'licenses/requestSupport': [{ field: 'message', question: 'askSupportMessage' }],
    'offer_requests/answer': [{ field: 'answer', question: 'askAnswer' }],
    'support_messages/reply': [{ field: 'message', question: 'askReply' }],
  };

  function withoutComponent(resourceId, name) {
    const resources = (window.REDUX_STATE && window.REDUX_STATE.resources) || [];
    const resource = resources.find((r) => r.id === resourceId);
    const action = resource && (resource.actions || []).find((a) => a.name === name);
    return Boolean(action && action.component === false);
  }

  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    const args = Array.prototype.slice.call(arguments);
    this.portalAction = null;
    if (String(method).toUpperCase() === 'GET') {
      const target = new URL(String(url), window.location.href);
      const match = target.origin === window.location.origin && ACTION.exec(target.pathname);
      const resourceId = match && decodeURIComponent(match[1]);
      const name = match && decodeURIComponent(match[2] || match[3] || match[4]);
      if (match && withoutComponent(resourceId, name)) {
        this.portalAction = resourceId + '/' + name;
        args[0] = 'POST';
      }
    }
    return open.apply(this, args);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (!this.portalAction || (body !== undefined && body !== null)) return send.apply(this, arguments);
    const payload = {};
    // A cancelled question leaves its field (and the ones after it) out: the service names what is missing.
    for (const ask of ASK[this.portalAction] || []) {
      if (ask.when && !ask.when(payload)) continue;
      const answer = window.prompt(window.portalText(ask.question));
      if (answer === null) break;
      payload[ask.field] = answer;
    }
    this.setRequestHeader('Content-Type', 'application/json');
    // A release download answers the vendor's download address, which the panel's own navigation cannot open.
    if (this.portalAction === 'software_releases/download') {
      this.addEventListener('load', () => {
        const body = (() => { try { return JSON.parse(this.responseText); } catch (e) { return {}; } })();
        if (this.status === 200 && /^https?:\/\//i.test(body.downloadUrl || '')) window.location.href = body.downloadUrl;
      });
    }
    return send.call(this, JSON.stringify(payload));
  };

  // The user menu's only entry is "Log out".
  document.addEventListener('click', function (event) {
    const item = event.target instanceof Element && event.target.closest('[data-css="logged-in"] a');
    if (!item) return;
    event.preventDefault();
    event.stopPropagation();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/admin/logout';
    document.body.appendChild(form);
    form.submit();
  }, true);
})();
