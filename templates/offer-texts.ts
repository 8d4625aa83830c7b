// Wording of the service offer request mailed to vendor sales, German and English, chosen by the
// vendor organization's locale (sales read it, not the requester).
import { languageFor } from './formats.ts';

export interface OfferEmailInput {
  locale: string | null | undefined;
  requestId: number;
  requesterOrganization: string;
  requesterEmail: string | null;
  licenseKey: string;
  articleName: string;
  message: string;
  link: string;
}

export function offerRequestEmail(input: OfferEmailInput): { subject: string; text: string } {
  const { requestId, requesterOrganization, requesterEmail, licenseKey, articleName, message, link } = input;
  if (languageFor(input.locale) === 'de') {
    return {
      subject: `Angebotsanfrage #${requestId}: ${requesterOrganization} zu ${licenseKey}`,
      text: [
        'Guten Tag,',
        '',
        `${requesterOrganization} bittet um ein unverbindliches Serviceangebot zur Lizenz ${licenseKey} (${articleName}).`,
        `Angefragt von: ${requesterEmail ?? 'unbekannt'}`,
        '',
        'Nachricht:',
        message,
        '',
        'Beantworten Sie die Anfrage im Portal (Aktion "answer"):',
        link,
      ].join('\n'),
    };
  }
  return {
    subject: `Offer request #${requestId}: ${requesterOrganization} on ${licenseKey}`,
    text: [
      'Hello,',
      '',
      `${requesterOrganization} asks for a non-binding service offer on license ${licenseKey} (${articleName}).`,
      `Requested by: ${requesterEmail ?? 'unknown'}`,
      '',
      'Message:',
      message,
      '',
      'Answer the request in the portal (action "answer"):',
      link,
    ].join('\n'),
  };
}
