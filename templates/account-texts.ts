// Wording of the own-account page (password and e-mail change), German and English, chosen by the user's locale.
import { languageFor, type Language } from './formats.ts';

export interface AccountTexts {
  language: Language;
  title: string;
  mustChange: string;
  currentPassword: string;
  newPassword: string;
  newPasswordAgain: string;
  changePassword: string;
  newEmail: string;
  changeEmail: string;
  done: string;
  secondFactor: string;
  back: string;
}

const TEXTS: Record<Language, AccountTexts> = {
  de: {
    language: 'de',
    title: 'Mein Konto',
    mustChange: 'Ihr Passwort wurde von jemand anderem vergeben. Wählen Sie jetzt Ihr eigenes, bevor Sie weiterarbeiten.',
    currentPassword: 'Aktuelles Passwort',
    newPassword: 'Neues Passwort (mindestens 10 Zeichen)',
    newPasswordAgain: 'Neues Passwort wiederholen',
    changePassword: 'Passwort ändern',
    newEmail: 'Neue E-Mail-Adresse',
    changeEmail: 'E-Mail-Adresse ändern',
    done: 'Gespeichert.',
    secondFactor: 'Zweiter Faktor (Authenticator-App)',
    back: 'Zurück zum Portal',
  },
  en: {
    language: 'en',
    title: 'My account',
    mustChange: 'Your password was chosen by someone else. Choose your own now before you go on.',
    currentPassword: 'Current password',
    newPassword: 'New password (at least 10 characters)',
    newPasswordAgain: 'Repeat the new password',
    changePassword: 'Change password',
    newEmail: 'New e-mail address',
    changeEmail: 'Change e-mail address',
    done: 'Saved.',
    secondFactor: 'Second factor (authenticator app)',
    back: 'Back to the portal',
  },
};

export function accountTexts(locale: string | null | undefined): AccountTexts {
  return TEXTS[languageFor(locale)];
}
