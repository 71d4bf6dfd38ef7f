/**
 * Bad input in the reader's language. zod's issues (and the contracts' own words for them) become a message
 * of the catalogue: `{path}: {problem}` per issue, joined by `; `, where the problem is the contract's
 * sentence when the catalogue knows it (`must be 0 or more`), else a sentence for zod's issue code and its
 * values (the minimum, the allowed values). The English `message` of the error stays zod's, for API clients.
 */
import type { z } from 'zod';
import { MESSAGES, messageOf, type Message, type MessageKey, type MessageValue } from './messages';

const PROBLEM = 'server.validation.problem.';

/** A type zod names (`string`, `number`), in the reader's words when the catalogue has them. */
const typeMessage = (type: string): MessageValue =>
  `server.validation.type.${type}` in MESSAGES
    ? { key: `server.validation.type.${type}` as MessageKey }
    : type;

const problem = (name: string, values?: Record<string, MessageValue>): Message => {
  const key = `${PROBLEM}${name}` as MessageKey;
  return values ? { key, values } : { key };
};

/** A bound of zod's too_small / too_big issues: characters of a text, items of a list, or a number. */
const bound = (issue: { type: string }, side: 'atLeast' | 'atMost', value: unknown): Message => {
  const name = side === 'atLeast' ? 'min' : 'max';
  const values = { [name]: String(value) };
  if (issue.type === 'string') return problem(`${side}Characters`, values);
  if (issue.type === 'array' || issue.type === 'set') return problem(`${side}Items`, values);
  return problem(side, values);
};

/** The problem of one issue: the contract's sentence when the catalogue knows it, else by zod's code. */
export const problemOf = (issue: z.ZodIssue): Message => {
  const known = messageOf(issue.message, PROBLEM);
  if (known) return known;
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? problem('required')
        : problem('type', {
            expected: typeMessage(issue.expected),
            received: typeMessage(issue.received),
          });
    case 'too_small':
      return bound(issue, 'atLeast', issue.minimum);
    case 'too_big':
      return bound(issue, 'atMost', issue.maximum);
    case 'invalid_enum_value':
      return problem('oneOf', { values: issue.options.join(', ') });
    case 'invalid_union_discriminator':
      return problem('oneOf', { values: issue.options.map(String).join(', ') });
    case 'invalid_literal':
      return problem('oneOf', { values: String(issue.expected) });
    case 'unrecognized_keys':
      return problem('unknownFields', { fields: issue.keys.join(', ') });
    case 'invalid_date':
      return problem('realDate');
    case 'invalid_string':
      if (issue.validation === 'email') return problem('email');
      if (issue.validation === 'url') return problem('webAddress');
      if (issue.validation === 'datetime') return problem('dateTime');
      return problem('invalid');
    default:
      return problem('invalid');
  }
};

/** `body.name: is required; query.page: must be 1 or more` as a message, each part in the reader's words. */
export const validationMessage = (issues: readonly z.ZodIssue[], where: string): Message => {
  const parts = issues.map((issue): MessageValue => ({
    key: 'server.validation.field',
    values: { path: [where, ...issue.path].join('.'), problem: problemOf(issue) },
  }));
  const [first, ...rest] = parts;
  return rest.reduce<Message>(
    (list, next) => ({ key: 'server.validation.list', values: { first: list, second: next } }),
    first as Message
  );
};
