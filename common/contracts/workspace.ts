/**
 * The manager workspace: overview of my groups, the enrollment list and the manager's actions
 * on enrollments (transition one, bulk transition, attendance, register a learner).
 */
import { z } from 'zod';
import { ATTENDANCE_VALUES, MANAGER_ACTION_NAMES, type ManagerAction } from '../domain/enrollment-status';
import type { Right } from '../domain/rights';
import type { BulkTransitionItemResult } from './enrollment';
import { reportQuerySchema, type EnrollmentRow } from './report';
import {
  MAX_BULK_ITEMS,
  bulkDocumentIdsSchema,
  documentIdSchema,
  reasonSchema,
  searchSchema,
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
  courses: Array<{ documentId: string; title: string | null; draft: boolean }>;
  rights: Record<Right, boolean>;
}

export interface OverviewResponse {
  data: OverviewGroup[];
  meta: { all: boolean };
}

/* GET /groups/enrollments */
export const enrollmentListQuerySchema = reportQuerySchema;
export type EnrollmentListQuery = z.infer<typeof enrollmentListQuerySchema>;

export interface EnrollmentListResponse {
  data: EnrollmentRow[];
  meta: { pagination: Pagination };
}

const actionSchema = z.enum(MANAGER_ACTION_NAMES as [ManagerAction, ...ManagerAction[]], {
  errorMap: () => ({ message: `must be one of ${MANAGER_ACTION_NAMES.join(', ')}` }),
});

const requireReasonToReject = (value: { action: ManagerAction; reason?: string }, ctx: z.RefinementCtx) => {
  if (value.action === 'reject' && !value.reason) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['reason'],
      message: 'is required to reject an enrollment',
    });
  }
};

/** Route params; not strict, as the router may add positional keys of its own. */
export const documentIdParamsSchema = z.object({ documentId: documentIdSchema });

/* POST /groups/enrollments/:documentId/transition */
export const transitionBodySchema = z
  .object({ action: actionSchema, reason: reasonSchema.optional() })
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
export const groupMembersQuerySchema = z.object({ search: searchSchema.optional() }).strict();
export interface GroupMemberOption {
  documentId: string;
  username: string;
  email: string;
}
export interface GroupMembersResponse {
  data: GroupMemberOption[];
}
