import { errors } from '@strapi/utils';
import {
  messageOf,
  messageText,
  type Message,
  type MessageKey,
  type MessageValue,
} from '../../../common/domain/messages';

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
