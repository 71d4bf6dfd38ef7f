import type { Core } from '@strapi/strapi';
import { escapeHtml } from '../../../common/domain/email-template';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

/** Concurrent SMTP sends: enough to keep a 500-member group quick, few enough not to flood the relay. */
const CONCURRENCY = 10;

/** Plain text as HTML paragraphs; the text is a manager's, so it is escaped, never trusted as markup. */
export const textToHtml = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

/** One refused email: to whom, and the relay's (or the email plugin's) own words, shortened. */
export interface FailedEmail {
  to: string;
  reason: string;
}

/**
 * Sends each email on its own (recipients never see one another) through Strapi's email plugin and
 * counts what the SMTP relay accepted. A failed address does not stop the others.
 */
export const sendEach = async (
  strapi: Core.Strapi,
  emails: readonly OutgoingEmail[]
): Promise<{ sent: number; failed: number; failedTo: string[]; failures: FailedEmail[] }> => {
  const email = strapi.plugin('email').service('email') as { send: (options: object) => Promise<unknown> };
  let next = 0;
  let sent = 0;
  const failedTo: string[] = [];
  const failures: FailedEmail[] = [];
  const worker = async () => {
    while (next < emails.length) {
      const message = emails[next];
      next += 1;
      try {
        await email.send(message);
        sent += 1;
      } catch (error) {
        failedTo.push(message.to);
        failures.push({ to: message.to, reason: String((error as Error)?.message ?? error).slice(0, 300) });
        strapi.log.warn(`[groups] Email to ${message.to} failed: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, emails.length) }, worker));
  return { sent, failed: failedTo.length, failedTo, failures };
};
