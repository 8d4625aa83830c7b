// What the portal says to a person when it refuses something, and the notices of the panel's own
// actions, German and English (templates/messages-en.ts, templates/messages-de.ts). A refusal or
// notice carries a key and its parameters, never a finished sentence, so the panel and the API render
// it in the reader's language and logs and the CLI in English.
// English is the reference: its entries declare the parameters, and the German catalogue must hold
// the same keys taking the same parameters (MessageCatalog), so a missing key fails to compile; a
// call naming an unknown key or leaving out a parameter fails to compile too (`msg`). An entry whose
// German words a value through `w` takes `w` in English too (a German entry cannot take more).
import type { IsoDate } from '../reports/calendar.ts';
import { formatDate, formatMoney, languageFor, type Language } from './formats.ts';
import { panelTexts } from './panel-texts.ts';
import { MESSAGES_DE } from './messages-de.ts';
import { MESSAGES_EN } from './messages-en.ts';

/** How a message is rendered in one language: values formatted as that language writes them. */
export interface Wording {
  language: Language;
  /** A nested message (a field's problem inside a summary, a rule's reason inside a refusal). */
  msg: (message: Message) => string;
  /** A field's name: English keeps the API's field name, German reads the panel's label. */
  field: (name: string) => string;
  /** A resource's name for one record ("License" / "Lizenz"). */
  resource: (resource: string) => string;
  /** An action's name: English keeps the operation's name, German reads the panel's label. */
  action: (name: string) => string;
  /** A stored value of a value list (`kind`, `status` …): English keeps it, German reads its label. */
  value: (field: string, value: string) => string;
  /** Alternatives: "14, 30 or 60" / "14, 30 oder 60". */
  oneOf: (values: readonly (string | number)[]) => string;
  /** All of them: "14, 30, 60". */
  all: (values: readonly (string | number)[]) => string;
  date: (date: IsoDate) => string;
  money: (cents: number, currency: string) => string;
}

type Entry = string | ((params: never, w: Wording) => string);

export type MessageCatalog = { [K in keyof typeof MESSAGES_EN]: (typeof MESSAGES_EN)[K] };
export type MessageKey = keyof MessageCatalog;
type ParamsOf<K extends MessageKey> = MessageCatalog[K] extends (params: infer P, w: Wording) => string ? P : undefined;

/** A message not yet put into words: its key and parameters. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: unknown;
}

/** The message `key` with its parameters, checked against the English entry. */
export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): Message {
  return params.length > 0 ? { key, params: params[0] } : { key };
}

export const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';

const CATALOGS: Record<Language, Record<MessageKey, Entry>> = { de: MESSAGES_DE, en: MESSAGES_EN };

/** Field names across resources, for German: the shared labels first, then the first resource naming the field. */
function germanField(name: string): string {
  const t = panelTexts('de');
  const shared = (t.properties as Record<string, string>)[name];
  if (shared) return shared;
  for (const resource of Object.values(t.resources)) {
    const label = (resource.properties as Record<string, string>)[name];
    if (label) return label;
  }
  return name;
}

const JOINERS: Record<Language, string> = { de: 'oder', en: 'or' };

function wording(language: Language): Wording {
  const w: Wording = {
    language,
    msg: (message) => renderMessage(message, language),
    field: (name) => (language === 'de' ? germanField(name) : name),
    resource: (resource) => (panelTexts(language).resources as Record<string, { one: string }>)[resource]?.one ?? resource,
    action: (name) => (language === 'de' ? (panelTexts('de').actions as Record<string, string>)[name] ?? name : name),
    value: (field, value) => (language === 'de' ? (panelTexts('de').values as Record<string, Record<string, string>>)[field]?.[value] ?? value : value),
    oneOf: (values) => (values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} ${JOINERS[language]} ${values[values.length - 1]}`),
    all: (values) => values.join(', '),
    date: (date) => formatDate(date, language),
    money: (cents, currency) => formatMoney(cents, currency, language),
  };
  return w;
}

const WORDINGS: Record<Language, Wording> = { de: wording('de'), en: wording('en') };

/** The message in `language` (a locale such as "de-DE" counts as German; anything else is English). */
export function renderMessage(message: Message, language: Language | string | null | undefined = 'en'): string {
  const lang = languageFor(language);
  const entry = CATALOGS[lang][message.key] as Entry;
  return typeof entry === 'string' ? entry : (entry as (params: unknown, w: Wording) => string)(message.params, WORDINGS[lang]);
}
