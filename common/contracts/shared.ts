/**
 * The building blocks every contract is made of: document ids, text without control characters, the
 * reason of a change, a search term and pagination. Each is written here once; the contract files import them.
 */
import { z } from 'zod';
import { ALLOWED_TEXT, CONTROL_CHARACTER_MESSAGE, type TextKind } from '../domain/text';

/**
 * Adds the control-character rule of `common/domain/text.ts` to a string schema. It stays a `z.ZodString`,
 * so limits chain after it; the path names the field, which the server turns into a 400.
 */
export const withoutControlCharacters = (schema: z.ZodString, kind: TextKind = 'single-line') =>
  schema.regex(ALLOWED_TEXT[kind], CONTROL_CHARACTER_MESSAGE[kind]);

/** One line of text, trimmed: a name, a search, a subject, a token. No tab or line break. */
export const singleLineTextSchema = withoutControlCharacters(z.string().trim(), 'single-line');

/** Text that may span lines, trimmed: a message body, a reason. Tabs and line breaks are kept. */
export const multiLineTextSchema = withoutControlCharacters(z.string().trim(), 'multi-line');

/**
 * A Strapi document id. Strapi makes them with cuid2 (24 lowercase letters and digits); the pattern is looser
 * so ids set by imports or other tools still pass, and strict enough that no quote, space or control
 * character reaches a query.
 */
export const documentIdSchema = z
  .string({ invalid_type_error: 'must be a document id' })
  .trim()
  .min(1, 'must be a document id')
  .max(64, 'must be a document id')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a document id (letters, digits, - and _)');

/** The most enrollments one bulk call may change; larger batches are split by the caller. */
export const MAX_BULK_ITEMS = 5000;

/** The enrollments of one bulk call: at least one, at most MAX_BULK_ITEMS. */
export const bulkDocumentIdsSchema = z
  .array(documentIdSchema)
  .min(1, 'must list at least one enrollment')
  .max(MAX_BULK_ITEMS, `must list at most ${MAX_BULK_ITEMS} enrollments`);

/** Why an enrollment changed, as given by a manager or a learner; optional or required by each contract. */
export const reasonSchema = multiLineTextSchema.max(2000, 'must be at most 2000 characters');

/** The longest search term a list accepts. */
export const SEARCH_MAX = 100;

/** A search typed into a list; the server matches it with `likeContainsPattern` or Strapi's `$containsi`. */
export const searchSchema = singleLineTextSchema.max(SEARCH_MAX, `must be at most ${SEARCH_MAX} characters`);

/** `page` and `pageSize` of a paged list, from a query string; page sizes are capped so a list stays cheap. */
export const paginationShape = {
  page: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(100_000, 'must be at most 100000')
    .default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(100, 'must be at most 100')
    .default(25),
};

/** The `meta.pagination` of every paged list response. */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** A yes/no query parameter: `true` or `false` (a query string has no booleans); absent means no. */
export const queryFlagSchema = z
  .preprocess(
    (value) => (typeof value === 'boolean' ? String(value) : value),
    z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
  )
  .transform((value) => value === 'true')
  .optional();
