// Wording of the invitation e-mail and the registration page, German and English, chosen by the
// inviting organization's locale.
import { languageFor, type Language } from './formats.ts';
import type { TokenProblem } from '../models/domain/invitation-rules.ts';
import type { Role } from '../models/domain/roles.ts';

export interface InvitationEmailInput {
  locale: string | null | undefined;
  organizationName: string;
  role: Role;
  link: string;
  expiresAt: Date;
}

const ROLE_NAMES: Record<Language, Record<Role, string>> = {
  de: { admin: 'Administrator', member: 'Mitglied', guest: 'Gast (nur lesen)' },
  en: { admin: 'administrator', member: 'member', guest: 'guest (read only)' },
};

const when = (at: Date) => `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;

export function invitationEmail({ locale, organizationName, role, link, expiresAt }: InvitationEmailInput): { subject: string; text: string } {
  if (languageFor(locale) === 'de') {
    return {
      subject: `Einladung: ${organizationName} im Channel License Portal`,
      text: [
        'Guten Tag,',
        '',
        `Sie wurden als ${ROLE_NAMES.de[role]} in die Organisation "${organizationName}" im Channel License Portal eingeladen.`,
        'Über diesen Link registrieren Sie sich (einmal verwendbar):',
        '',
        link,
        '',
        `Der Link ist gültig bis ${when(expiresAt)}.`,
        'Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese E-Mail.',
      ].join('\n'),
    };
  }
  return {
    subject: `Invitation: ${organizationName} on the Channel License Portal`,
    text: [
      'Hello,',
      '',
      `You have been invited to the organization "${organizationName}" on the Channel License Portal as ${ROLE_NAMES.en[role]}.`,
      'Register through this link (it works once):',
      '',
      link,
      '',
      `The link is valid until ${when(expiresAt)}.`,
      'If you did not expect this invitation, ignore this e-mail.',
    ].join('\n'),
  };
}

export interface RegistrationTexts {
  language: Language;
  title: string;
  intro: (organizationName: string, role: Role, email: string) => string;
  existingAccount: string;
  chooseOwnPassword: string;
  name: string;
  password: string;
  passwordAgain: string;
  submit: string;
  accept: string;
  passwordsDiffer: string;
  nameMissing: string;
  refusedTitle: string;
  refused: Record<TokenProblem, string>;
}

const TEXTS: Record<Language, RegistrationTexts> = {
  de: {
    language: 'de',
    title: 'Registrierung',
    intro: (org, role, email) => `Einladung für ${email} als ${ROLE_NAMES.de[role]} in "${org}".`,
    existingAccount: 'Zu dieser E-Mail-Adresse gibt es bereits ein Konto. Nehmen Sie die Einladung an und melden Sie sich mit Ihrem bisherigen Passwort an.',
    chooseOwnPassword: 'Zu dieser E-Mail-Adresse gibt es ein Konto, dessen Passwort nicht Sie gewählt haben. Wählen Sie jetzt Ihr eigenes Passwort; damit nehmen Sie die Einladung an.',
    name: 'Name',
    password: 'Passwort (mindestens 10 Zeichen)',
    passwordAgain: 'Passwort wiederholen',
    submit: 'Registrieren',
    accept: 'Einladung annehmen',
    passwordsDiffer: 'Die beiden Passwörter stimmen nicht überein.',
    nameMissing: 'Bitte geben Sie Ihren Namen an.',
    refusedTitle: 'Dieser Link funktioniert nicht',
    refused: {
      unknown: 'Dieser Registrierungslink ist ungültig oder wurde widerrufen. Bitten Sie um eine neue Einladung.',
      used: 'Dieser Registrierungslink wurde bereits verwendet. Melden Sie sich an oder bitten Sie um eine neue Einladung.',
      expired: 'Dieser Registrierungslink ist abgelaufen. Bitten Sie um eine neue Einladung.',
    },
  },
  en: {
    language: 'en',
    title: 'Registration',
    intro: (org, role, email) => `Invitation for ${email} as ${ROLE_NAMES.en[role]} in "${org}".`,
    existingAccount: 'An account with this e-mail address exists already. Accept the invitation and log in with your current password.',
    chooseOwnPassword: 'An account with this e-mail address exists, but its password was not chosen by you. Choose your own password now; that accepts the invitation.',
    name: 'Name',
    password: 'Password (at least 10 characters)',
    passwordAgain: 'Repeat the password',
    submit: 'Register',
    accept: 'Accept the invitation',
    passwordsDiffer: 'The two passwords differ.',
    nameMissing: 'Please enter your name.',
    refusedTitle: 'This link does not work',
    refused: {
      unknown: 'This registration link is not valid or has been revoked. Ask for a new invitation.',
      used: 'This registration link has been used already. Log in, or ask for a new invitation.',
      expired: 'This registration link has expired. Ask for a new invitation.',
    },
  },
};

export function registrationTexts(locale: string | null | undefined): RegistrationTexts {
  return TEXTS[languageFor(locale)];
}
