// The license report (resource action `report` of licenses): a click asks for the format and the
// filters, posts them to the action (which checks them: an organization out of reach is refused),
// then opens the file route it answers with, so the browser downloads the CSV or PDF.
(function () {
  const QUESTIONS = [
    ['format', 'Format: csv or pdf', 'csv'],
    ['organizationId', 'Organization id (empty: your own; the report covers it and everything below it):', ''],
    ['kind', 'Kind (empty: all; full, demo, subscription, nfr, alm):', ''],
    ['status', 'Status (empty: all; inactive, active, recalled, expired, destroyed):', ''],
    ['createdFrom', 'Created from (YYYY-MM-DD, empty: any):', ''],
    ['createdTo', 'Created until (YYYY-MM-DD, empty: any):', ''],
    ['expiresFrom', 'Expiring from (YYYY-MM-DD, empty: any):', ''],
    ['expiresTo', 'Expiring until (YYYY-MM-DD, empty: any):', ''],
  ];

  document.addEventListener('click', async function (event) {
    const link = event.target instanceof Element && event.target.closest('a[href]');
    if (!link || !/\/resources\/licenses\/actions\/report$/.test(link.getAttribute('href') || '')) return;
    event.preventDefault();
    event.stopPropagation();
    const payload = {};
    for (const [field, question, preset] of QUESTIONS) {
      const answer = window.prompt(question, preset);
      if (answer === null) return;
      payload[field] = answer.trim();
    }
    const response = await fetch('/admin/api/resources/licenses/actions/report', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.redirectUrl) window.location.href = body.redirectUrl;
    else window.portalNotice((body.notice && body.notice.message) || body.error || 'HTTP ' + response.status, false);
  }, true);
})();
