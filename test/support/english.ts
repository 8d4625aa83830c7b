// A rule's message as the CLI and the logs read it (English), for unit tests of the pure rules; no message reads "null".
import { renderMessage, type Message } from '../../templates/messages.ts';

export const english = (message: Message | null | undefined): string => (message ? renderMessage(message, 'en') : String(message));
