// Wording of the erasure certificate, German and English. Only Latin-1 characters (the PDF's
// built-in fonts are WinAnsi).
import { formatDate, languageFor, type Language } from './formats.ts';

export interface ErasureTexts {
  language: Language;
  title: string;
  request: (id: number) => string;
  subjectKind: (kind: 'org' | 'user') => string;
  subjectHash: string;
  hashNote: string;
  pseudonym: string;
  requested: string;
  approved: string;
  executed: string;
  by: (email: string | null, userId: number | null) => string;
  worker: string;
  deleted: string;
  pseudonymized: string;
  retained: string;
  nothingRetained: string;
  counts: Record<string, string>;
  retainedRow: (count: number, recordType: string, until: string, legalBasis: string) => string;
  footer: string;
  date: (at: Date) => string;
}

const RECORD_TYPES: Record<Language, Record<string, string>> = {
  de: { statements: 'Einzelkostenaufstellungen', statement_lines: 'Positionen von Einzelkostenaufstellungen' },
  en: { statements: 'itemized statements', statement_lines: 'itemized statement lines' },
};

const at = (language: Language) => (when: Date) => `${formatDate(when.toISOString().slice(0, 10), language)} ${when.toISOString().slice(11, 16)} UTC`;

const TEXTS: Record<Language, ErasureTexts> = {
  de: {
    language: 'de',
    title: 'Löschbestätigung (Art. 17 DSGVO)',
    request: (id) => `Löschantrag Nr. ${id}`,
    subjectKind: (kind) => (kind === 'org' ? 'Betroffene: Kundenorganisation' : 'Betroffene: Person'),
    subjectHash: 'Gesalzener SHA-256-Hash der betroffenen Person/Organisation:',
    hashNote: 'Der Hash ist nur mit dem Salz dieser Installation nachprüfbar; er enthält keine personenbezogenen Daten.',
    pseudonym: 'Pseudonym für verbleibende Lizenzen und Abonnements:',
    requested: 'Beantragt',
    approved: 'Genehmigt',
    executed: 'Ausgeführt',
    by: (email, userId) => (email ? `von ${email} (Benutzer ${userId})` : userId ? `von Benutzer ${userId}` : ''),
    worker: 'durch den geplanten Löschlauf',
    deleted: 'Gelöscht',
    pseudonymized: 'Pseudonymisiert',
    retained: 'Aufbewahrt (eingeschränkt verarbeitet)',
    nothingRetained: 'Keine aufbewahrungspflichtigen Datensätze.',
    counts: {
      users: 'Benutzerkonten', memberships: 'Mitgliedschaften', sessions: 'Sitzungen',
      customPropertyValues: 'Werte benutzerdefinierter Eigenschaften', invitations: 'Einladungen', outboxMails: 'E-Mails im Postausgang',
      requestTexts: 'Texte von Angebots- und Supportanfragen',
      organizations: 'Organisation (Name, Adresse, Kontakte, Logo)', auditEvents: 'Protokolleinträge',
      licenseDevices: 'Gerätenamen von Lizenzen', freeTexts: 'Freitexte',
    },
    retainedRow: (count, type, until, basis) => `${count} ${RECORD_TYPES.de[type] ?? type} bis ${until}; Rechtsgrundlage: ${basis}`,
    footer: 'Diese Bestätigung wurde aus dem Löschprotokoll erzeugt und enthält keine Daten der betroffenen Person.',
    date: at('de'),
  },
  en: {
    language: 'en',
    title: 'Erasure certificate (Art. 17 GDPR)',
    request: (id) => `Erasure request no. ${id}`,
    subjectKind: (kind) => (kind === 'org' ? 'Data subject: customer organization' : 'Data subject: person'),
    subjectHash: 'Salted SHA-256 hash of the data subject:',
    hashNote: 'The hash can only be verified with this installation\'s salt; it contains no personal data.',
    pseudonym: 'Pseudonym of the remaining licenses and subscriptions:',
    requested: 'Requested',
    approved: 'Approved',
    executed: 'Executed',
    by: (email, userId) => (email ? `by ${email} (user ${userId})` : userId ? `by user ${userId}` : ''),
    worker: 'by the scheduled erasure run',
    deleted: 'Deleted',
    pseudonymized: 'Pseudonymized',
    retained: 'Retained (restricted processing)',
    nothingRetained: 'No records subject to retention.',
    counts: {
      users: 'user accounts', memberships: 'memberships', sessions: 'sessions',
      customPropertyValues: 'custom property values', invitations: 'invitations', outboxMails: 'outbox e-mails',
      requestTexts: 'texts of offer and support requests',
      organizations: 'organization (name, address, contacts, logo)', auditEvents: 'audit entries',
      licenseDevices: 'license device names', freeTexts: 'free texts',
    },
    retainedRow: (count, type, until, basis) => `${count} ${RECORD_TYPES.en[type] ?? type} until ${until}; legal basis: ${basis}`,
    footer: 'This certificate was rendered from the erasure record and holds no data of the data subject.',
    date: at('en'),
  },
};

export function erasureTexts(locale: string | null | undefined): ErasureTexts {
  return TEXTS[languageFor(locale)];
}
