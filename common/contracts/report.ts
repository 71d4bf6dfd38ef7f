/**
 * Reports: the filtered, in-scope enrollment rows with totals and the status mix per course, and
 * their Excel export. The same filters drive the workspace's enrollment list.
 */
import { z } from 'zod';
import { isTimeZone } from '../domain/period';
import type { MixEntry } from '../domain/report';
import type { UserField, UserFieldValue } from '../domain/user-fields';
import { FLAG_FILTERS, type EnrollmentFlag, type FlagFilterName } from '../domain/enrollment-flags';
import { EXPORT_LANGUAGES } from '../domain/export-words';
import {
  ATTENDANCE_VALUES,
  ENROLLMENT_STATES,
  type Attendance,
  type EnrollmentState,
} from '../domain/enrollment-status';
import {
  documentIdSchema,
  paginationShape,
  queryFlagSchema,
  searchSchema,
  singleLineTextSchema,
  type Pagination,
} from './shared';

/** Query strings arrive as `a`, `a,b` or `[a, b]`: one list either way. */
export const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    if (Array.isArray(value)) return value;
    if (typeof value === 'string')
      return value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
    return value;
  }, z.array(item).max(50, 'has too many values').optional());

const dateSchema = singleLineTextSchema
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date such as 2026-11-30')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date');

export const PERIOD_FIELDS = ['requested', 'started', 'completed'] as const;
export type PeriodField = (typeof PERIOD_FIELDS)[number];

/** Filters shared by the enrollment list, the report and the export. */
export const enrollmentFilterShape = {
  group: listOf(documentIdSchema),
  /**
   * With `group`: also every sub-group of those groups (at any depth) where the caller may read, "this group
   * and its sub-groups". Sub-groups outside the caller's scope are left out, never refused.
   */
  subGroups: queryFlagSchema,
  course: listOf(documentIdSchema),
  state: listOf(
    z.enum(ENROLLMENT_STATES, {
      errorMap: () => ({ message: `must be one of ${ENROLLMENT_STATES.join(', ')}` }),
    })
  ),
  periodField: z
    .enum(PERIOD_FIELDS, { errorMap: () => ({ message: `must be one of ${PERIOD_FIELDS.join(', ')}` }) })
    .default('requested'),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  /** Where a bare date in `from` / `to` is a calendar day; UTC when absent. */
  timeZone: singleLineTextSchema
    .max(64, 'must be at most 64 characters')
    .refine(isTimeZone, 'must be a time zone such as Europe/Amsterdam')
    .optional(),
  search: searchSchema.optional(),
  /**
   * Who is falling behind: one flag, `fallingBehind` (any of overdue, at risk, not started), or a comma
   * list meaning any of them. Computed at the moment of the request (common/domain/enrollment-flags.ts).
   */
  flag: listOf(
    z.enum(FLAG_FILTERS, {
      errorMap: () => ({ message: `must be one of ${FLAG_FILTERS.join(', ')}` }),
    })
  ),
  /** The site's own user fields (`reportUserFields`): `department:Sales`, several meaning all of them. */
  userField: listOf(
    singleLineTextSchema
      .max(200, 'must be at most 200 characters')
      .regex(/^[A-Za-z_][A-Za-z0-9_]*:./, 'must be <attribute>:<value>, e.g. department:Sales')
  ),
};

const checkPeriod = (value: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (value.from && value.to && Date.parse(value.from) > Date.parse(value.to)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must not be before "from"' });
  }
};

export const SORT_FIELDS = [
  'learner',
  'email',
  'group',
  'course',
  'state',
  'requestedAt',
  'startedAt',
  'completedAt',
  'progress',
  'score',
  'timeSpent',
  'dueAt',
  'expiresAt',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** `field:asc` or `field:desc`; the admin's sortable table headers write the direction in capitals. */
const sortSchema = singleLineTextSchema
  .regex(
    new RegExp(`^(${SORT_FIELDS.join('|')}):(asc|desc)$`, 'i'),
    `must be <field>:asc or <field>:desc with a field among ${SORT_FIELDS.join(', ')}`
  )
  .transform((value) => {
    const [field, direction] = value.split(':');
    return `${SORT_FIELDS.find((f) => f.toLowerCase() === field.toLowerCase())}:${direction.toLowerCase()}`;
  })
  .default('requestedAt:desc');

/** The report's query; the workspace's enrollment list takes the same one. */
export const reportQuerySchema = z
  .object({ ...enrollmentFilterShape, ...paginationShape, sort: sortSchema })
  .strict()
  .superRefine(checkPeriod);
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const exportQuerySchema = z
  .object({
    ...enrollmentFilterShape,
    sort: sortSchema,
    /** The requester's admin language: sheet names, headers and values in it (English when absent). */
    locale: z
      .enum(EXPORT_LANGUAGES, {
        errorMap: () => ({ message: `must be one of ${EXPORT_LANGUAGES.join(', ')}` }),
      })
      .optional(),
  })
  .strict()
  .superRefine(checkPeriod);
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export type EnrollmentFilters = Pick<
  ReportQuery,
  | 'group'
  | 'subGroups'
  | 'course'
  | 'state'
  | 'periodField'
  | 'from'
  | 'to'
  | 'timeZone'
  | 'search'
  | 'flag'
  | 'userField'
>;

/** One enrollment as the workspace and the report show it. Dates are ISO strings. */
export interface EnrollmentRow {
  documentId: string;
  learner: { documentId: string | null; username: string | null; email: string | null };
  /**
   * `path`: the group's name after the names of its ancestors the caller may see, "Leiden hospital › Intensive
   * care › Night shift" (the name alone for a top group or one whose parent is outside the caller's scope).
   */
  group: { documentId: string; name: string; path: string };
  /**
   * The course in its chosen version (published before draft, then the default locale). `draft`: the
   * course type has Draft & Publish and this course has never been published (or was unpublished), so
   * learners are not offered it.
   */
  course: { documentId: string | null; title: string | null; draft: boolean };
  state: EnrollmentState;
  attendance: Attendance;
  progress: number | null;
  score: number | null;
  timeSpent: number | null;
  requestedAt: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** When the learner should have completed the course; null when there is no due date. */
  dueAt: string | null;
  /** When the place ends; null when it does not. */
  expiresAt: string | null;
  /** The flags set at the moment of the request, in the order of ENROLLMENT_FLAGS. */
  flags: EnrollmentFlag[];
  reason: string | null;
  /** Whether the caller may act on this row (manageEnrollments in its group). */
  canManage: boolean;
  /** The learner's values of the site's report user fields (`reportUserFields`), by attribute name. */
  userFields: Record<string, UserFieldValue>;
}

export interface ReportTotals {
  total: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  /** Mean progress (0–100) of approved and completed enrollments; null when there are none. */
  averageProgress: number | null;
  averageScore: number | null;
  byState: Record<EnrollmentState, number>;
  /** Rows per flag, and `fallingBehind` for any of overdue, at risk and not started. */
  flags: Record<FlagFilterName, number>;
}

/** One course of the status mix; the report's last entry may sum other courses (the export lists each). */
export type CourseMix = MixEntry;

/** The report's status mix shows this many courses, those with the most enrollments; the rest are summed. */
export const MIX_TOP_COURSES = 10;

export interface ReportResponse {
  data: EnrollmentRow[];
  meta: { pagination: Pagination; totals: ReportTotals; mix: CourseMix[]; userFields: UserField[] };
}

export const ATTENDANCE = ATTENDANCE_VALUES;

/** Response header of the export carrying the number of detail rows, for the download progress. */
export const EXPORT_ROWS_HEADER = 'x-groups-export-rows';
