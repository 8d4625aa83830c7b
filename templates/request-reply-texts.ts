// Wording of the mails that tell the other side of a request that it was answered: the answer to an
// offer request (to the requester) and a reply in a support thread (to the requester, or to the
// organization handling it). German or English, chosen by the recipient's locale.
import { languageFor } from './formats.ts';

export interface OfferAnsweredInput {
  locale: string | null | undefined;
  requestId: number;
  licenseKey: string;
  answer: string;
  link: string;
}

export function offerAnsweredEmail(input: OfferAnsweredInput): { subject: string; text: string } {
  const { requestId, licenseKey, answer, link } = input;
  if (languageFor(input.locale) === 'de') {
    return {
      subject: `Ihre Angebotsanfrage #${requestId} zu ${licenseKey} wurde beantwortet`,
      text: ['Guten Tag,', '', `Ihre Angebotsanfrage #${requestId} zur Lizenz ${licenseKey} wurde beantwortet:`, '', answer, '', 'Die Anfrage im Portal:', link].join('\n'),
    };
  }
  return {
    subject: `Your offer request #${requestId} on ${licenseKey} has been answered`,
    text: ['Hello,', '', `Your offer request #${requestId} on license ${licenseKey} has been answered:`, '', answer, '', 'The request in the portal:', link].join('\n'),
  };
}

export interface SupportReplyInput {
  locale: string | null | undefined;
  threadId: number;
  licenseKey: string;
  /** The organization that replied. */
  from: string;
  message: string;
  link: string;
}

export function supportReplyEmail(input: SupportReplyInput): { subject: string; text: string } {
  const { threadId, licenseKey, from, message, link } = input;
  if (languageFor(input.locale) === 'de') {
    return {
      subject: `Neue Antwort in Supportanfrage #${threadId} zu ${licenseKey}`,
      text: ['Guten Tag,', '', `${from} hat in der Supportanfrage #${threadId} zur Lizenz ${licenseKey} geantwortet:`, '', message, '', 'Antworten Sie im Portal (Aktion "reply"):', link].join('\n'),
    };
  }
  return {
    subject: `New reply in support request #${threadId} on ${licenseKey}`,
    text: ['Hello,', '', `${from} replied in support request #${threadId} on license ${licenseKey}:`, '', message, '', 'Reply in the portal (action "reply"):', link].join('\n'),
  };
}
