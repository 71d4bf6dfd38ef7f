import { errors } from '@strapi/utils';
import {
  messageOf,
  messageText,
  type Message,
  type MessageKey,
  type MessageValue,
} from '../../../common/domain/messages';

/**
 * A 403 that keeps its sentence. Strapi's route authorisation answers any ForbiddenError thrown behind it with
 * a bare "Forbidden" and lets only a PolicyError's message through; this is a PolicyError (so a ForbiddenError
 * too) that still calls itself ForbiddenError, for API clients and callers that check the name.
 */
export class Refusal extends errors.PolicyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    (this as { name: string }).name = 'ForbiddenError';
  }
}

type ErrorKind =
  | 'ValidationError'
  | 'ForbiddenError'
  | 'PolicyError'
  | 'NotFoundError'
  | 'RateLimitError'
  | 'PayloadTooLargeError';

/**
 * An error of the catalogue: its English text as `message` (what API clients and logs read), and its key and
 * values in `details`, so the admin shows it in the reader's language. See common/domain/messages.ts.
 */
export const failure = (
  kind: ErrorKind,
  key: MessageKey,
  values?: Record<string, MessageValue>,
  details: Record<string, unknown> = {}
) => {
  const message: Message = values ? { key, values } : { key };
  if (kind === 'ForbiddenError' || kind === 'PolicyError')
    return new Refusal(messageText(message), { ...details, ...message });
  const ErrorClass = errors[kind] as new (
    text: string,
    details: object
  ) => InstanceType<(typeof errors)[ErrorKind]>;
  return new ErrorClass(messageText(message), { ...details, ...message });
};

/** Gives an error answer its key when its English message is one of the catalogue's (most are written out). */
export const withMessageKey = (error: unknown): void => {
  if (!(error instanceof errors.ApplicationError) || typeof error.message !== 'string') return;
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (typeof details.key === 'string') return;
  const message = messageOf(error.message);
  if (message) error.details = { ...details, ...message };
};
