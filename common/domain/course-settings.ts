/**
 * "Complete within N days" per course of a group. Strapi keeps no attributes on a many-to-many link, so a
 * group carries them itself: `group.completeWithin`, a JSON object from course documentId to N. Stored on
 * the group, the setting has the group's scope on every path (Content Manager, relation picker, MCP, the
 * plugin's API) without a type of its own to guard. Pure: the server and the admin read it through here.
 */
import { DAY_MS } from './enrollment-flags';

/** N is a whole number of days from 1 to 3650 (ten years); beyond that a typo is more likely than a course. */
export const COMPLETE_WITHIN_DAYS = { min: 1, max: 3650 } as const;

/** The stored shape: course documentId → days. */
export type CompleteWithin = Record<string, number>;

export const isCompleteWithinDays = (value: unknown): value is number =>
  Number.isInteger(value) &&
  (value as number) >= COMPLETE_WITHIN_DAYS.min &&
  (value as number) <= COMPLETE_WITHIN_DAYS.max;

/**
 * The settings as stored, whatever the database hands back (a JSON string on SQLite, an object on
 * PostgreSQL, null on a group that never had one); entries that are not valid are left out.
 */
export const readCompleteWithin = (stored: unknown): CompleteWithin => {
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, days]) => isCompleteWithinDays(days)));
};

/** N for one course of a group, or null when the group sets none. */
export const completeWithinDaysOf = (stored: unknown, courseDocumentId: string | null): number | null =>
  courseDocumentId === null ? null : (readCompleteWithin(stored)[courseDocumentId] ?? null);

/** The settings with one course's N set (a number) or removed (null). */
export const withCompleteWithin = (
  stored: unknown,
  courseDocumentId: string,
  days: number | null
): CompleteWithin => {
  const { [courseDocumentId]: _previous, ...rest } = readCompleteWithin(stored);
  return days === null ? rest : { ...rest, [courseDocumentId]: days };
};

/** The due date of an approval at `now` for a course to complete within `days` (days of 24 h, as the flags count). */
export const dueAtAfter = (now: string, days: number): string =>
  new Date(Date.parse(now) + days * DAY_MS).toISOString();
