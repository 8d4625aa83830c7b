// The start page (AdminJS `dashboard.component`): who the user acts as, and the cards of its view
// with the numbers of services/dashboard.ts, fetched from the dashboard handler (admin/dashboard.ts).
// Texts come from the panel texts in the user's language (components.Dashboard, admin/panel-locale.ts);
// formats are the panel's own (templates/formats.ts), bundled along.
import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { BarChart, type ChartSeries } from './bar-chart.ts';
import { formatDate, formatDateTime, formatMoney, formatPeriodShort, languageFor } from '../../templates/formats.ts';
import type { DashboardPage } from '../dashboard.ts';

const h = React.createElement;
type Node = React.ReactNode;

/** A card: a heading and what it holds; its heading names the region. */
function Card({ id, title, children }: { id: string; title: string; children?: Node }) {
  return h('section', { className: 'portal-card', 'aria-labelledby': `card-${id}`, 'data-card': id },
    h('h2', { id: `card-${id}` }, title), children);
}

/** A small table: column headings and rows of cells. */
function Table({ columns, rows }: { columns: string[]; rows: Node[][] }) {
  return h('table', { className: 'portal-table' },
    h('thead', null, h('tr', null, ...columns.map((c) => h('th', { key: c, scope: 'col' }, c)))),
    h('tbody', null, ...rows.map((cells, i) => h('tr', { key: i }, ...cells.map((cell, j) => h('td', { key: j }, cell))))));
}

export default function Dashboard() {
  const { tc } = useTranslation();
  const [data, setData] = useState<DashboardPage | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    new ApiClient().getDashboard().then((response) => setData(response.data as DashboardPage), () => setFailed(true));
  }, []);
  // React escapes what it renders; i18next's own HTML escaping would show an organization's "&" as "&amp;".
  const t = (key: string, values?: Record<string, unknown>) => tc(`Dashboard.${key}`, { ...values, interpolation: { escapeValue: false } } as never);
  // #portal-dashboard only once its figures are there: what waits for it reads a complete page.
  if (failed) return h('div', { className: 'portal-dashboard', 'data-state': 'failed' });
  if (!data) return h('div', { className: 'portal-dashboard', 'data-state': 'loading', 'aria-busy': true });

  const language = languageFor(data.language);
  const date = (d: string) => formatDate(d, language);
  const count = (n: number) => String(n);
  const none = h('p', null, t('none'));
  const months = (periods: string[]) => periods.map(formatPeriodShort);
  const series = (list: ChartSeries[]) => list.map((s) => (s.key === 'others' ? { ...s, label: t('others') } : s));
  const status = (value: string) => t(`statuses.${value}`);
  const chart = (id: string, title: string, periods: string[], list: ChartSeries[], format: (n: number) => string) =>
    h(Card, { id, title }, list.length === 0 ? none : h(BarChart, {
      title, labels: months(periods), series: series(list), format,
      numbersLabel: t('numbers'), firstColumn: t('month'), totalLabel: t('total'), chartLabel: t('chartLabel', { title, months: periods.length }),
    }));
  const { figures, actingAs } = data;
  const cards: Node[] = [];

  if (figures.newSubscriptions) cards.push(chart('new-subscriptions', t('newSubscriptions'), figures.newSubscriptions.periods, figures.newSubscriptions.series, count));
  for (const money of figures.statementTotals ?? []) {
    cards.push(chart(`statement-totals-${money.currency}`, t('statementTotals', { currency: money.currency }), money.periods, money.series, (n) => formatMoney(n, money.currency, language)));
  }
  if (figures.activeSubscriptions !== undefined) {
    cards.push(h(Card, { id: 'active-subscriptions', title: t('activeSubscriptions') }, h('p', { className: 'portal-figure' }, String(figures.activeSubscriptions))));
  }
  if (figures.licensesByStatus) {
    const rows = figures.licensesByStatus;
    cards.push(h(Card, { id: 'licenses-by-status', title: t('licensesByStatus') }, h(BarChart, {
      title: t('licensesByStatus'), labels: rows.map((r) => status(r.value)),
      series: [{ key: 'count', label: t('count'), values: rows.map((r) => r.count) }], format: count,
      numbersLabel: t('numbers'), firstColumn: t('status'), totalLabel: t('total'), chartLabel: t('licensesByStatus'),
    })));
  }
  if (figures.expiringLicenses) {
    const { count: total, latest } = figures.expiringLicenses;
    cards.push(h(Card, { id: 'expiring-licenses', title: t('expiringLicenses', { days: data.expiryDays }) },
      h('p', { className: 'portal-figure' }, String(total)),
      latest.length === 0 ? null : h(Table, {
        columns: [t('license'), t('organization'), t('expiresOn'), t('daysLeft')],
        rows: latest.map((l) => [h('a', { href: `/admin/resources/licenses/records/${l.id}/show` }, l.licenseKey), l.organizationName, date(l.expiresOn), String(l.daysLeft)]),
      }),
      total > latest.length ? h('p', null, t('more', { count: total - latest.length })) : null));
  }
  if (figures.statementRuns) {
    cards.push(h(Card, { id: 'statement-runs', title: t('statementRuns') }, figures.statementRuns.length === 0 ? none : h(Table, {
      columns: [t('period'), t('trigger'), t('slot'), t('status'), t('issued'), t('sent'), t('error')],
      rows: figures.statementRuns.map((r) => [formatPeriodShort(r.period), t(`triggers.${r.trigger}`), formatDateTime(new Date(r.startedAt), language, data.timeZone),
        status(r.status), String(r.issuedCount), String(r.sentCount), r.error ?? '']),
    })));
  }
  if (figures.workerRuns) {
    cards.push(h(Card, { id: 'worker-runs', title: t('workerRuns') }, figures.workerRuns.length === 0 ? none : h(Table, {
      columns: [t('job'), t('slot'), t('status'), t('attempts'), t('error')],
      rows: figures.workerRuns.map((r) => [r.job, formatDateTime(new Date(r.slot), language, data.timeZone), status(r.status), String(r.attempts), r.error ?? '']),
    })));
  }
  if (figures.openOffers) {
    const { count: total, latest } = figures.openOffers;
    cards.push(h(Card, { id: 'open-offers', title: t('openOffers') },
      h('p', { className: 'portal-figure' }, String(total)),
      latest.length === 0 ? null : h(Table, {
        columns: [t('license'), t('organization'), t('requestedOn')],
        rows: latest.map((o) => [h('a', { href: `/admin/resources/offer_requests/records/${o.id}/show` }, o.licenseKey), o.organizationName, date(o.requestedOn)]),
      })));
  }
  if (figures.openErasures) {
    cards.push(h(Card, { id: 'open-erasures', title: t('openErasures') },
      h('p', null, t('deadlineNote')),
      figures.openErasures.length === 0 ? none : h(Table, {
        columns: [t('subject'), t('status'), t('receivedOn'), t('deadline'), t('daysLeft')],
        rows: figures.openErasures.map((r) => [
          h('a', { href: `/admin/resources/erasure_requests/records/${r.id}/show` }, r.subjectLabel), status(r.status), date(r.receivedOn), date(r.deadline),
          h('span', { className: r.daysLeft < 0 ? 'portal-overdue' : undefined }, String(r.daysLeft)),
        ]),
      })));
  }

  return h('div', { id: 'portal-dashboard', className: 'portal-dashboard', 'data-state': 'done', 'data-view': actingAs?.view },
    h('h1', null, t('heading')),
    actingAs ? h('p', null, tc('Portal.actingAs', {
      organization: actingAs.organizationName, view: tc(`Portal.views.${actingAs.view}`), role: tc(`Portal.roles.${actingAs.role}`),
      interpolation: { escapeValue: false },
    } as never)) : null,
    h('div', { className: 'portal-cards' }, ...cards),
    figures.support ? h('section', { className: 'portal-card', 'aria-labelledby': 'card-support', 'data-card': 'support' },
      h('h2', { id: 'card-support' }, tc('Portal.support')),
      h('p', null, `${figures.support.organizationName}: ${figures.support.supportContact}`)) : null);
}
