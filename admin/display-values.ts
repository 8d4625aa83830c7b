// Values shown as the reader reads them, in lists and on a record's page: money with its currency
// ("14,90 EUR" / "EUR 14.90"), lists with their unit ("14, 30, 60 Tage"), value lists by their
// labels, dates and times by the user's language. AdminJS would show cents, "Length: 3" and ISO
// dates. Each such field gets a text twin (`<field>Text`, filled in after list and show) shown
// there instead; forms and filters keep the stored field.
import type { ActionContext, ActionResponse, PropertyOptions, RecordJSON } from 'adminjs';
import type { ResourceId } from '../models/domain/policy.ts';
import { formatDate, formatDateTime, formatList, formatMoney, languageFor, type Language } from '../templates/formats.ts';
import { panelTexts, type PanelTexts } from '../templates/panel-texts.ts';
import { valueLabels } from './panel-locale.ts';

type Params = Record<string, unknown>;
/** The field as stored: its value, as a list for an array field, and the record's other values. */
interface Stored { value: unknown; values: unknown[]; params: Params }
type Format = ((field: Stored, to: { t: PanelTexts; language: Language; timeZone: string }) => string | null) & { needs?: string[] };

/** An array field arrives flattened (`demoDays.0`, `demoDays.1` …). */
function arrayOf(params: Params, field: string): unknown[] {
  if (Array.isArray(params[field])) return params[field] as unknown[];
  return Object.keys(params).filter((key) => key.startsWith(`${field}.`))
    .sort((a, b) => Number(a.slice(field.length + 1)) - Number(b.slice(field.length + 1))).map((key) => params[key]);
}

const money = (currencyField: string): Format => Object.assign(({ value, params }: Stored, { language }: { language: Language }) =>
  (typeof value === 'number' && typeof params[currencyField] === 'string' ? formatMoney(value, params[currencyField] as string, language) : null), { needs: [currencyField] });
const list = (unit: 'days' | 'months'): Format => ({ values }, { t }) => formatList(values as number[], t.units[unit]);
const labels = (valuesOf: string): Format => ({ values }, { t }) => formatList(values.map((v) => valueLabels(t, valuesOf)?.[String(v)] ?? String(v)));
const date: Format = ({ value }, { language }) => (typeof value === 'string' && value ? formatDate(value.slice(0, 10), language) : null);
const dateTime: Format = ({ value }, { language, timeZone }) =>
  (typeof value === 'string' || value instanceof Date ? formatDateTime(new Date(value), language, timeZone) : null);

const frame = { demoDays: list('days'), termMonths: list('months'), articleKinds: labels('kind') };
const views = labels('views');

export const DISPLAY: Partial<Record<ResourceId, Record<string, Format>>> = {
  organizations: { views },
  users: { lastLoginAt: dateTime },
  articles: { priceCents: money('currency') },
  product_groups: frame,
  product_group_grants: frame,
  software_releases: { releasedOn: date },
  licenses: { expiresOn: date, activatedAt: dateTime, serviceUntil: date },
  subscriptions: { startDate: date, terminatedOn: date, cancelledOn: date },
  audit_events: { at: dateTime },
  statements: { totalCents: money('currency'), issuedAt: dateTime },
  statement_runs: { startedAt: dateTime, finishedAt: dateTime },
  erasure_requests: { requestedAt: dateTime, dueAt: dateTime, executedAt: dateTime },
  invitations: { expiresAt: dateTime, acceptedAt: dateTime },
  offer_requests: { createdAt: dateTime, answeredAt: dateTime },
  support_messages: { createdAt: dateTime },
  webhook_endpoints: { events: labels('event') },
};

export const textTwin = (field: string): string => `${field}Text`;

/** The stored fields (and what their formats read besides) behind the twins among `shown`: a list that sends only what it shows sends these too. */
export function displaySources(id: ResourceId, shown: Set<string>): string[] {
  return Object.entries(DISPLAY[id] ?? {}).filter(([field]) => shown.has(textTwin(field))).flatMap(([field, format]) => [field, ...(format.needs ?? [])]);
}

/** The twins are read-only text in list and show; the stored field stays in forms and filters. */
export function displayProperties(id: ResourceId): Record<string, PropertyOptions> {
  return Object.fromEntries(Object.keys(DISPLAY[id] ?? {}).flatMap((field) => [
    [textTwin(field), { type: 'string', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } }],
    [field, { isVisible: { list: false, show: false, edit: true, filter: true } }],
  ]));
}

/** A layout's list and show fields with each displayed field replaced by its twin (only the lists it names). */
export function withTwins(id: ResourceId, layout: { listProperties?: string[]; showProperties?: string[] }): { listProperties?: string[]; showProperties?: string[] } {
  const twins = (fields: string[]) => fields.map((field) => (DISPLAY[id]?.[field] ? textTwin(field) : field));
  return {
    ...(layout.listProperties && { listProperties: twins(layout.listProperties) }),
    ...(layout.showProperties && { showProperties: twins(layout.showProperties) }),
  };
}

function fill(id: ResourceId, record: RecordJSON, to: { t: PanelTexts; language: Language; timeZone: string }): void {
  for (const [field, format] of Object.entries(DISPLAY[id] ?? {})) {
    const values = arrayOf(record.params, field);
    // A field the reader may not see is not in the record (services/records.ts): neither is its twin.
    if (!(field in record.params) && values.length === 0) continue;
    record.params[textTwin(field)] = format({ value: record.params[field], values, params: record.params }, to) ?? '';
  }
}

/** After list and show: the twins filled in, in the session user's language. */
export function displayValues(id: ResourceId, timeZone: string) {
  return async <R extends ActionResponse>(response: R, _request: unknown, context: ActionContext): Promise<R> => {
    const language = languageFor(typeof context.currentAdmin?.locale === 'string' ? context.currentAdmin.locale : undefined);
    const to = { t: panelTexts(language), language, timeZone };
    for (const record of [...(response.records ?? []), ...(response.record ? [response.record] : [])] as RecordJSON[]) fill(id, record, to);
    return response;
  };
}
