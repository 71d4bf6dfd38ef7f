/**
 * The manager workspace: overview of my groups, the enrollment list and the manager's actions
 * on enrollments (transition one, bulk transition, attendance, register a learner).
 */
import { z } from 'zod';
import {
  ACTION_REASON,
  ATTENDANCE_VALUES,
  MANAGER_ACTION_NAMES,
  type ManagerAction,
} from '../domain/enrollment-status';
import type { EnrollmentState } from '../domain/enrollment-status';
import type { Right } from '../domain/rights';
import type { UserField } from '../domain/user-fields';
import type { FlagFilterName } from '../domain/enrollment-flags';
import { whenFullSchema, type BulkTransitionItemResult } from './enrollment';
import { listOf, reportQuerySchema, type EnrollmentRow } from './report';
import {
  MAX_BULK_ITEMS,
  bulkDocumentIdsSchema,
  documentIdSchema,
  reasonSchema,
  paginationShape,
  searchSchema,
  singleLineTextSchema,
  type Pagination,
} from './shared';

/* GET /groups/workspace/overview */
export interface OverviewGroup {
  documentId: string;
  name: string;
  visibility: 'private' | 'public';
  enrollmentPolicy: 'approval' | 'open' | 'closed';
  seatLimit: number | null;
  archived: boolean;
  members: number;
  pendingRequests: number;
  waitlisted: number;
  seatsUsed: number;
  enrollments: number;
  completed: number;
  /** Completed out of approved + completed, 0–1; null when nobody got a seat yet. */
  completionRate: number | null;
  /** `draft`: never published (Draft & Publish course type), so not offered to learners. */
  /** `completeWithinDays`: the group course's "complete within N days", null when it sets none. */
  courses: Array<{
    documentId: string;
    title: string | null;
    draft: boolean;
    completeWithinDays: number | null;
  }>;
  rights: Record<Right, boolean>;
  /** Enrollments per flag at the moment of the request; `dueSoon` is due within the dueSoonDays threshold (a week by default). */
  overdue: number;
  atRisk: number;
  dueSoon: number;
  /** Any of overdue, at risk and not started. */
  fallingBehind: number;
  /**
   * The group's name after the names of its ancestors the reader may see, "Amsterdam › ICU › Night shift"
   * (sub-groups); the name alone for a top group or one whose parent is outside the reader's scope.
   */
  path: string;
  /** The parent group, when the reader may see it; null otherwise. */
  parentDocumentId: string | null;
  /**
   * The group's figures added to those of every sub-group below it that the reader may see (at any depth),
   * with how many such sub-groups there are; null when the reader sees none. Members are counted per group:
   * a learner in two of the groups counts in each.
   */
  subTree: OverviewTotals | null;
}

/** The figures of an overview card that add up over a sub-tree. */
export const OVERVIEW_TOTALS = [
  'members',
  'pendingRequests',
  'waitlisted',
  'seatsUsed',
  'enrollments',
  'completed',
  'overdue',
  'atRisk',
  'dueSoon',
  'fallingBehind',
] as const satisfies ReadonlyArray<keyof OverviewGroup>;

export type OverviewTotals = Record<(typeof OVERVIEW_TOTALS)[number], number> & {
  /** Sub-groups counted in (the group itself not among them). */
  subGroups: number;
  /** Completed out of approved + completed over the sub-tree, 0–1; null when nobody got a seat yet. */
  completionRate: number | null;
};

/** The flag counts of each overview group, each a link to the enrollment list filtered on it. */
export const OVERVIEW_FLAGS = [
  'overdue',
  'atRisk',
  'dueSoon',
  'fallingBehind',
] as const satisfies readonly FlagFilterName[];
export type OverviewFlag = (typeof OVERVIEW_FLAGS)[number];

/**
 * GET /groups/workspace/overview: one page of my groups in tree order (a parent before its sub-groups,
 * siblings by name), optionally searched by name, so the answer is bounded whatever the number of groups in
 * scope (the Super Admin's is every group of the site).
 */
export const overviewQuerySchema = z
  .object({
    search: searchSchema.optional(),
    /**
     * Groups by id (`a` or `a,b`, at most 50), as a page of them alone (without those not in scope): a
     * picker's chosen group, the groups of a listed page of enrollments (their seats).
     */
    group: listOf(documentIdSchema),
    ...paginationShape,
  })
  .strict();
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

export interface OverviewResponse {
  data: OverviewGroup[];
  meta: {
    all: boolean;
    /** Of the groups matching the search. */
    pagination: Pagination;
    /** Requests waiting for a decision in every group in scope (not only this page). */
    pendingRequests: number;
    /** Whether the user holds each right in at least one group: what the menus offer. */
    anyGroup: Record<Right, boolean>;
    /** Whether every group where the user may view reports also lets them export them. */
    exportEveryReport: boolean;
  };
}

/* GET /groups/enrollments */
export const enrollmentListQuerySchema = reportQuerySchema;
export type EnrollmentListQuery = z.infer<typeof enrollmentListQuerySchema>;

export interface EnrollmentListResponse {
  data: EnrollmentRow[];
  meta: { pagination: Pagination; userFields: UserField[] };
}

const actionSchema = z.enum(MANAGER_ACTION_NAMES as [ManagerAction, ...ManagerAction[]], {
  errorMap: () => ({ message: `must be one of ${MANAGER_ACTION_NAMES.join(', ')}` }),
});

/** An action whose reason is `required` (ACTION_REASON: reject) is refused without one. */
const requireReasonToReject = (value: { action: ManagerAction; reason?: string }, ctx: z.RefinementCtx) => {
  if (ACTION_REASON[value.action] === 'required' && !value.reason?.trim()) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['reason'],
      message: `is required to ${value.action} an enrollment`,
    });
  }
};

/** Route params; not strict, as the router may add positional keys of its own. */
export const documentIdParamsSchema = z.object({ documentId: documentIdSchema });

/*
 * POST /groups/enrollments/:documentId/transition. `whenFull` says what an approval does in a full group
 * (see WhenFull); a refusal for want of a seat is a 409 whose details name the seats used.
 */
export const transitionBodySchema = z
  .object({ action: actionSchema, reason: reasonSchema.optional(), whenFull: whenFullSchema.optional() })
  .strict()
  .superRefine(requireReasonToReject);
export type TransitionBody = z.infer<typeof transitionBodySchema>;
export interface TransitionResponse {
  data: EnrollmentRow;
}

/* POST /groups/enrollments/bulk-transition */
export const BULK_LIMIT = MAX_BULK_ITEMS;
export const bulkTransitionBodySchema = z
  .object({
    documentIds: bulkDocumentIdsSchema,
    action: actionSchema,
    reason: reasonSchema.optional(),
    whenFull: whenFullSchema.optional(),
  })
  .strict()
  .superRefine(requireReasonToReject);
export type BulkTransitionBody = z.infer<typeof bulkTransitionBodySchema>;
export interface BulkTransitionResponse {
  data: BulkTransitionItemResult[];
  meta: { succeeded: number; failed: number };
}

/* PUT /groups/enrollments/:documentId/attendance */
export const attendanceBodySchema = z
  .object({
    attendance: z.enum(ATTENDANCE_VALUES, {
      errorMap: () => ({ message: `must be one of ${ATTENDANCE_VALUES.join(', ')}` }),
    }),
  })
  .strict();
export type AttendanceBody = z.infer<typeof attendanceBodySchema>;

/** The years a due date may fall in; outside them a typo (a year of two digits, a swapped field) is likelier. */
export const DUE_AT_YEARS = { from: 2000, to: 2100 } as const;

/** Why `value` is not a due date (one sentence), or null: the shape, then the calendar, then the years. */
const dueAtProblem = (value: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)) {
    return 'must be a date such as 2026-12-31 or 2026-12-31T17:00:00Z';
  }
  // Date.parse rolls 2026-02-30 over into March; the calendar day must exist as written.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(Date.parse(value)) || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'must be a real date';
  }
  const utcYear = new Date(Date.parse(value)).getUTCFullYear();
  if (utcYear < DUE_AT_YEARS.from || utcYear >= DUE_AT_YEARS.to) {
    return `must be from ${DUE_AT_YEARS.from} up to ${DUE_AT_YEARS.to}`;
  }
  return null;
};

/**
 * A due date: an ISO date (`2026-12-31`, midnight UTC) or date-time with an offset. Dates outside
 * DUE_AT_YEARS are refused.
 */
export const dueAtSchema = singleLineTextSchema
  .superRefine((value, ctx) => {
    const problem = dueAtProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })
  .transform((value) => new Date(Date.parse(value)).toISOString());

/*
 * PUT /groups/enrollments/due-date: set (or, with null, clear) the due date of one enrollment or a
 * selection. All or nothing: one enrollment that is missing, outside the caller's rights or without a place
 * (not approved) refuses the whole call.
 */
export const dueDateBodySchema = z
  .object({
    documentIds: bulkDocumentIdsSchema,
    /** null clears the due date. */
    dueAt: dueAtSchema.nullable(),
    reason: reasonSchema.optional(),
  })
  .strict();
export type DueDateBody = z.infer<typeof dueDateBodySchema>;
export interface DueDateResponse {
  data: { updated: number; dueAt: string | null };
}

/*
 * PUT /groups/enrollments/expiry: set, extend (or, with null, remove) the end of the access window of one
 * enrollment or a selection, all or nothing, on enrollments that hold a place or ask for one (requested,
 * waitlisted, approved). The date has the bounds of a due date.
 */
export const expiryBodySchema = z
  .object({
    documentIds: bulkDocumentIdsSchema,
    /** null removes the end of the access window. */
    expiresAt: dueAtSchema.nullable(),
    reason: reasonSchema.optional(),
  })
  .strict();
export type ExpiryBody = z.infer<typeof expiryBodySchema>;
export interface ExpiryResponse {
  data: { updated: number; expiresAt: string | null };
}

/*
 * POST /groups/enrollments: a manager registers a member of the group in a course of the group; it is
 * approved at once (waitlisted when the group is full).
 */
export const registerBodySchema = z
  .object({
    learner: documentIdSchema,
    group: documentIdSchema,
    course: documentIdSchema,
  })
  .strict();
export type RegisterBody = z.infer<typeof registerBodySchema>;
export interface RegisterResponse {
  data: EnrollmentRow;
}

/* GET /groups/workspace/groups/:documentId/members: who can be registered. */
export const groupMembersQuerySchema = z
  .object({ search: searchSchema.optional(), course: documentIdSchema.optional() })
  .strict();
export interface GroupMemberOption {
  documentId: string;
  username: string;
  email: string;
  /**
   * With a `course`: the state of the member's active or completed enrollment in that course of the
   * group (the register dialog marks them), else absent.
   */
  enrolledState?: EnrollmentState;
}
export interface GroupMembersResponse {
  data: GroupMemberOption[];
}
