// Wording of the second-factor pages (login step, set-up, recovery codes), German and English, chosen by the user's locale.
import { languageFor, type Language } from './formats.ts';

export interface SecondFactorTexts {
  language: Language;
  loginTitle: string;
  loginIntro: string;
  code: string;
  confirm: string;
  otherAccount: string;
  setupTitle: string;
  required: string;
  setupIntro: string;
  uri: string;
  secret: string;
  setupCode: string;
  currentPassword: string;
  enabled: (since: string, left: number) => string;
  notEnabled: string;
  start: string;
  recoveryTitle: string;
  recoveryIntro: string;
  recoveryUsed: (left: number) => string;
  continue: string;
  renew: string;
  renewIntro: string;
  disable: string;
  disableIntro: string;
  mustKeep: string;
  disabled: string;
  back: string;
}

const TEXTS: Record<Language, SecondFactorTexts> = {
  de: {
    language: 'de',
    loginTitle: 'Zweiter Faktor',
    loginIntro: 'Geben Sie den 6-stelligen Code Ihrer Authenticator-App ein oder einen Ihrer Wiederherstellungscodes.',
    code: 'Code',
    confirm: 'Bestätigen',
    otherAccount: 'Mit einem anderen Konto anmelden',
    setupTitle: 'Zweiter Faktor',
    required: 'Ihr Konto muss mit einem zweiten Faktor gesichert sein. Richten Sie ihn jetzt ein, bevor Sie weiterarbeiten.',
    setupIntro: 'Fügen Sie dieses Konto Ihrer Authenticator-App hinzu (Link öffnen oder Schlüssel eintippen) und geben Sie den Code ein, den die App zeigt.',
    uri: 'Link für die App',
    secret: 'Schlüssel zum Eintippen',
    setupCode: 'Code aus der App',
    currentPassword: 'Aktuelles Passwort',
    enabled: (since, left) => `Der zweite Faktor ist eingerichtet seit ${since}. Unbenutzte Wiederherstellungscodes: ${left}.`,
    notEnabled: 'Kein zweiter Faktor eingerichtet.',
    start: 'Einrichten',
    recoveryTitle: 'Ihre Wiederherstellungscodes',
    recoveryIntro: 'Jeder Code gilt einmal, anstelle eines App-Codes, falls Sie die App verlieren. Sie werden nur jetzt angezeigt: Bewahren Sie sie sicher auf.',
    recoveryUsed: (left) => `Sie haben sich mit einem Wiederherstellungscode angemeldet. Unbenutzte Codes: ${left}. Erzeugen Sie neue, bevor sie ausgehen.`,
    continue: 'Weiter zum Portal',
    renew: 'Neue Wiederherstellungscodes',
    renewIntro: 'Die bisherigen Codes werden ungültig. Bestätigen Sie mit einem Code aus der App.',
    disable: 'Zweiten Faktor ausschalten',
    disableIntro: 'Bestätigen Sie mit einem Code aus der App.',
    mustKeep: 'Ihr Konto muss den zweiten Faktor behalten.',
    disabled: 'Der zweite Faktor ist ausgeschaltet.',
    back: 'Zurück zum Portal',
  },
  en: {
    language: 'en',
    loginTitle: 'Second factor',
    loginIntro: 'Enter the 6-digit code of your authenticator app, or one of your recovery codes.',
    code: 'Code',
    confirm: 'Confirm',
    otherAccount: 'Log in with another account',
    setupTitle: 'Second factor',
    required: 'Your account must be protected by a second factor. Set it up now before you go on.',
    setupIntro: 'Add this account to your authenticator app (open the link or type in the secret) and enter the code the app shows.',
    uri: 'Link for the app',
    secret: 'Secret to type in',
    setupCode: 'Code from the app',
    currentPassword: 'Current password',
    enabled: (since, left) => `Your second factor is set up since ${since}. Unused recovery codes: ${left}.`,
    notEnabled: 'No second factor is set up.',
    start: 'Set up',
    recoveryTitle: 'Your recovery codes',
    recoveryIntro: 'Each code works once, instead of a code of the app, should you lose the app. They are shown only now: keep them somewhere safe.',
    recoveryUsed: (left) => `You logged in with a recovery code. Unused codes: ${left}. Make new ones before they run out.`,
    continue: 'Continue to the portal',
    renew: 'New recovery codes',
    renewIntro: 'The current codes stop working. Confirm with a code of the app.',
    disable: 'Turn the second factor off',
    disableIntro: 'Confirm with a code of the app.',
    mustKeep: 'Your account must keep its second factor.',
    disabled: 'The second factor is turned off.',
    back: 'Back to the portal',
  },
};

export function secondFactorTexts(locale: string | null | undefined): SecondFactorTexts {
  return TEXTS[languageFor(locale)];
}
