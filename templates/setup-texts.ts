// The page that creates the first vendor admin of a production installation (admin/setup-routes.ts).
import { languageFor, type Language } from './formats.ts';
import type { SetupProblem } from '../models/domain/first-admin-rules.ts';

export interface SetupTexts {
  language: Language;
  title: string;
  intro: (organizationName: string) => string;
  name: string;
  email: string;
  password: string;
  passwordAgain: string;
  submit: string;
  nameMissing: string;
  passwordsDiffer: string;
  refusedTitle: string;
  refused: Record<SetupProblem, string>;
}

const TEXTS: Record<Language, SetupTexts> = {
  de: {
    language: 'de',
    title: 'Ersten Administrator anlegen',
    intro: (org) => `Dieses Konto wird Administrator von "${org}" (Hersteller) und verwaltet danach alles Weitere im Portal. Der Link funktioniert nur einmal.`,
    name: 'Name',
    email: 'E-Mail-Adresse',
    password: 'Passwort (mindestens 10 Zeichen)',
    passwordAgain: 'Passwort wiederholen',
    submit: 'Administrator anlegen',
    nameMissing: 'Bitte geben Sie Ihren Namen an.',
    passwordsDiffer: 'Die beiden Passwörter stimmen nicht überein.',
    refusedTitle: 'Dieser Link funktioniert nicht',
    refused: {
      done: 'Der erste Administrator ist bereits angelegt. Melden Sie sich an; weitere Konten laden Administratoren im Portal ein.',
      unknown: 'Dieser Link ist ungültig. Ein Neustart des Portals gibt einen neuen Link aus, solange es keinen Administrator gibt.',
      expired: 'Dieser Link ist abgelaufen. Ein Neustart des Portals gibt einen neuen Link aus.',
    },
  },
  en: {
    language: 'en',
    title: 'Create the first administrator',
    intro: (org) => `This account becomes an administrator of "${org}" (the vendor) and manages everything else in the portal. The link works once.`,
    name: 'Name',
    email: 'E-mail address',
    password: 'Password (at least 10 characters)',
    passwordAgain: 'Repeat the password',
    submit: 'Create the administrator',
    nameMissing: 'Please enter your name.',
    passwordsDiffer: 'The two passwords differ.',
    refusedTitle: 'This link does not work',
    refused: {
      done: 'The first administrator exists already. Log in; administrators invite further accounts in the portal.',
      unknown: 'This link is not valid. While no administrator exists, restarting the portal prints a new link.',
      expired: 'This link has expired. Restarting the portal prints a new link.',
    },
  },
};

export function setupTexts(locale: string | null | undefined): SetupTexts {
  return TEXTS[languageFor(locale)];
}
