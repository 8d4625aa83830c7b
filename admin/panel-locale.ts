// The panel's texts (templates/panel-*.ts) as AdminJS's translation keys, in the logged-in user's
// language. AdminJS looks a text up per resource first (`resources.<id>.properties.<field>`), then
// shared (`properties.<field>`); enum values are labels (`resources.<id>.labels.<field>.<value>`),
// a resource's name the label of its id, a page's title the name of its action.
import type { CurrentAdmin, LocaleTranslations } from 'adminjs';
import { RESOURCES } from '../models/domain/policy.ts';
import { FIELD_VALUES } from '../models/domain/values.ts';
import { languageFor, type Language } from '../templates/formats.ts';
import { panelTexts, type PanelTexts } from '../templates/panel-texts.ts';
import { DISPLAY, textTwin } from './display-values.ts';

/** A field whose values are another field's (a product group's article kinds are license kinds). */
const SAME_VALUES_AS: Record<string, string> = { articleKinds: 'kind', view: 'views', events: 'event' };

/** The labels of a field's values, e.g. views → { reseller: 'Händler', … }. */
export function valueLabels(t: PanelTexts, field: string): Record<string, string> | undefined {
  return (t.values as Record<string, Record<string, string>>)[SAME_VALUES_AS[field] ?? field];
}

export function adminTranslations(t: PanelTexts): LocaleTranslations {
  const resources = Object.fromEntries(RESOURCES.map((id) => {
    const { name, one } = t.resources[id];
    const properties: Record<string, string> = t.resources[id].properties;
    const shared: Record<string, string> = t.properties;
    const values = Object.fromEntries(Object.keys(FIELD_VALUES[id] ?? {}).map((field) => [field, valueLabels(t, field) ?? {}]));
    // A field shown as text (admin/display-values.ts) is named as the field itself.
    const twins = Object.fromEntries(Object.keys(DISPLAY[id] ?? {}).map((field) => [textTwin(field), properties[field] ?? shared[field]]));
    return [id, { labels: { [id]: name, ...values }, properties: { ...properties, ...twins }, actions: { list: name, show: one } }];
  }));
  const a = t.adminjs;
  return {
    labels: { ...t.navigation, ...t.adminjsLabels, dashboard: a.dashboard },
    properties: t.properties,
    actions: t.actions,
    buttons: { ...t.adminjsButtons, login: a.loginButton },
    messages: {
      ...t.adminjsMessages, ...t.help, ...t.questions,
      invalidCredentials: a.invalidCredentials,
      welcomeOnBoard_title: a.welcomeTitle, welcomeOnBoard_subtitle: a.welcomeSubtitle,
    },
    components: {
      Login: { welcomeHeader: a.loginHeader, welcomeMessage: a.loginMessage, properties: { email: a.email, password: a.password }, loginButton: a.loginButton },
      LanguageSelector: { availableLanguages: t.values.locale },
      DropZone: t.dropZone,
      // Every select's and date picker's texts (admin/components/control-texts.ts).
      Select: t.select,
      DatePicker: t.datePicker,
      // The portal's own scripts read their texts from here (admin/public/portal-texts.js).
      Portal: { ...t.portal, views: t.values.views, roles: t.values.role, languages: t.values.locale, timeInput: t.datePicker.time },
      // The start page's React components (admin/components/) read theirs from here with useTranslation.
      Dashboard: { ...t.dashboard, statuses: t.values.status, triggers: t.values.trigger },
    },
    resources,
  } as LocaleTranslations;
}

/**
 * AdminJS's `locale` option: the session user's language only, so the page carries one set of texts
 * and AdminJS's own language menu (a client-side switch that forgets itself) stays hidden; the
 * portal's switch in the top bar stores the choice on the user (POST /admin/account/locale).
 */
export function panelLocale(currentAdmin?: CurrentAdmin) {
  const language: Language = languageFor(typeof currentAdmin?.locale === 'string' ? currentAdmin.locale : undefined);
  return { language, availableLanguages: [language], localeDetection: false, translations: { [language]: adminTranslations(panelTexts(language)) } };
}
