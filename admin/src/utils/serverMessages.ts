import type { IntlShape } from 'react-intl';
import {
  MESSAGES,
  messageOf,
  messageText,
  type Message,
  type MessageKey,
  type MessageValue,
} from '../../../common/domain/messages';
import { getTranslation } from './getTranslation';

type Format = IntlShape['formatMessage'];

/**
 * The admin's formatter, kept by `useT` (which every plugin component calls) so that `errorMessage`, a plain
 * function called from event handlers and query hooks alike, can speak the reader's language.
 */
let format: Format | null = null;
export const rememberFormatter = (formatMessage: Format) => {
  format = formatMessage;
};

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Message).key === 'string' &&
  (value as Message).key in MESSAGES;

const translate = (formatMessage: Format, message: Message): string => {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([name, value]: [string, MessageValue]) => [
      name,
      isMessage(value) ? translate(formatMessage, value) : value,
    ])
  );
  return formatMessage(
    { id: getTranslation(message.key), defaultMessage: MESSAGES[message.key as MessageKey] },
    values
  );
};

/** A message of the catalogue in the reader's language (the admin composes a few itself, e.g. a refusal). */
export const serverMessage = (message: Message): string =>
  format ? translate(format, message) : messageText(message);

/**
 * A sentence of the server in the reader's language: by the key an error answer carries (`details.key`,
 * `details.values`), else by recognising its English (an outcome's message), else as the server wrote it.
 */
export const serverSentence = (error: unknown): string => {
  const { message, details } = (error ?? {}) as { message?: unknown; details?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const known = isMessage(details) ? details : messageOf(text);
  return known && format ? translate(format, known) : text;
};
