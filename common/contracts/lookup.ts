/**
 * Lookups for the searchable group and course filters: a few matches by name, each answer bounded by `limit`
 * whatever the size of the site. Only groups the caller may read (and their courses) are offered.
 */
import { z } from 'zod';
import { RIGHTS } from '../domain/rights';
import { documentIdSchema, queryFlagSchema, searchSchema } from './shared';

export const LOOKUP_LIMIT_MAX = 50;

const limitSchema = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(LOOKUP_LIMIT_MAX, `must be at most ${LOOKUP_LIMIT_MAX}`)
  .default(20);

/** `a` or `a,b`: the rights of which the caller must hold any in a group for it to be offered. */
const rightsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value),
  z
    .array(z.enum(RIGHTS, { errorMap: () => ({ message: `must be one of ${RIGHTS.join(', ')}` }) }))
    .min(1)
    .max(RIGHTS.length)
    .optional()
);

/* GET /groups/lookup/groups */
export const groupLookupQuerySchema = z
  .object({
    search: searchSchema.optional(),
    limit: limitSchema,
    /** Groups where the caller holds any of these rights; any right when absent. */
    right: rightsSchema,
    /** One group by id (to show the chosen one's name); 404 when unknown, 403 when not readable. */
    documentId: documentIdSchema.optional(),
    /** `false`: leave archived groups out (where nothing new may start, such as registering a learner). */
    archived: z.enum(['false'], { errorMap: () => ({ message: 'must be false when given' }) }).optional(),
  })
  .strict();
export type GroupLookupQuery = z.infer<typeof groupLookupQuerySchema>;

/* GET /groups/lookup/courses */
export const courseLookupQuerySchema = z
  .object({
    search: searchSchema.optional(),
    limit: limitSchema,
    /** Only the courses of this group (which must be readable). */
    group: documentIdSchema.optional(),
    /** With `group`: the courses of its readable sub-groups too. */
    subGroups: queryFlagSchema,
    right: rightsSchema,
    documentId: documentIdSchema.optional(),
  })
  .strict();
export type CourseLookupQuery = z.infer<typeof courseLookupQuerySchema>;

export interface LookupOption {
  documentId: string;
  label: string;
  /**
   * Groups only, when the group has a parent the caller may see: its path through those ancestors
   * ("Amsterdam › ICU"), so two groups of one name under different parents differ.
   */
  path?: string;
}
export interface LookupResponse {
  data: LookupOption[];
}
