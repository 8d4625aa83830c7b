// The panel's wording, German and English (templates/panel-de.ts, templates/panel-en.ts), chosen by
// the logged-in user's locale. German is the reference: PanelTexts is its shape with every text a
// string, so the English file fails to compile with a key missing or one too many.
import type { ResourceId } from '../models/domain/policy.ts';
import { languageFor, type Language } from './formats.ts';
import { PANEL_DE } from './panel-de.ts';
import { PANEL_EN } from './panel-en.ts';

type Strings = Record<string, string>;

/** What both languages hold: every resource of the policy is named, with its fields. */
export interface PanelShape {
  navigation: Strings;
  properties: Strings;
  resources: Record<ResourceId, { name: string; one: string; properties: Strings }>;
  actions: Strings;
  values: Record<string, Strings>;
  units: Strings;
  help: Strings;
  questions: Strings;
  /** What every select and date picker says (admin/components/control-texts.ts). */
  select: Strings;
  datePicker: Strings;
  adminjs: Strings;
  /** AdminJS's own texts under its keys (admin/panel-locale.ts spreads them into its namespaces). */
  adminjsButtons: Strings;
  adminjsLabels: Strings;
  adminjsMessages: Strings;
  dropZone: Strings;
  portal: Strings;
  /** The start page's cards and charts (admin/components/dashboard.ts). */
  dashboard: Strings;
}

/** The same keys as `T`, nested, with string leaves. */
type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export type PanelTexts = SameKeys<typeof PANEL_DE>;

/** A question a custom action asks before it runs (AdminJS's `guard`, looked up as a message). */
export type Question = keyof PanelTexts['questions'];

const TEXTS: Record<Language, PanelTexts> = { de: PANEL_DE, en: PANEL_EN };

export function panelTexts(locale: string | null | undefined): PanelTexts {
  return TEXTS[languageFor(locale)];
}
