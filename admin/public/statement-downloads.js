// The statement download actions answer JSON; a click on one becomes a real navigation to the
// file route, so the browser downloads the PDF/CSV (without a custom React bundle).
(function () {
  document.addEventListener('click', function (event) {
    const link = event.target instanceof Element && event.target.closest('a[href*="/resources/statements/records/"]');
    if (!link) return;
    const match = /\/resources\/statements\/records\/(\d+)\/download(Pdf|Csv)/.exec(link.getAttribute('href') || '');
    if (!match) return;
    event.preventDefault();
    event.stopPropagation();
    window.location.href = '/admin/statements/' + match[1] + '/' + match[2].toLowerCase();
  }, true);
})();
