/**
 * Enrollment contracts: the shapes every caller of the enrollment service and the enrollment routes share
 * (server controllers, admin client, tests). Zod schemas validate input where it enters; types are inferred.
 */
import { z } from 'zod';
import {
  ATTENDANCE_VALUES,
  ENROLLMENT_STATES,
  type Attendance,
  type EnrollmentState,
  type HistoryEntry,
} from '../domain/enrollment-status';
import type { RuleCode } from '../domain/enrollment-rules';
import { WHEN_FULL } from '../domain/enrollment-plan';
import { bulkDocumentIdsSchema, documentIdSchema, reasonSchema } from './shared';

/** What an approval does when the group is full (see WhenFull). */
export const whenFullSchema = z.enum(WHEN_FULL, {
  errorMap: () => ({ message: `must be one of ${WHEN_FULL.join(', ')}` }),
});

export type { Attendance, EnrollmentState, HistoryEntry };

export const enrollmentStateSchema = z.enum(ENROLLMENT_STATES);
export const attendanceSchema = z.enum(ATTENDANCE_VALUES);

export const transitionInputSchema = z
  .object({
    documentId: documentIdSchema,
    to: enrollmentStateSchema,
    reason: reasonSchema.nullish(),
    strict: z.boolean().optional(),
    whenFull: whenFullSchema.optional(),
  })
  .strict();

export const bulkTransitionInputSchema = z
  .object({
    documentIds: bulkDocumentIdsSchema,
    to: enrollmentStateSchema,
    reason: reasonSchema.nullish(),
    strict: z.boolean().optional(),
    whenFull: whenFullSchema.optional(),
  })
  .strict();

export const requestEnrollmentInputSchema = z
  .object({
    learnerId: z.number().int().positive(),
    groupDocumentId: documentIdSchema,
    courseDocumentId: documentIdSchema,
    reason: reasonSchema.nullish(),
  })
  .strict();

export type TransitionInput = z.infer<typeof transitionInputSchema>;
export type BulkTransitionInput = z.infer<typeof bulkTransitionInputSchema>;
export type RequestEnrollmentInput = z.infer<typeof requestEnrollmentInputSchema>;

/** Why one item of a bulk change did not happen (or, for WAITLISTED, happened differently). */
export const TRANSITION_CODES = [
  'NOT_FOUND',
  'FORBIDDEN',
  'INVALID_TRANSITION',
  'SEAT_LIMIT',
  'WAITLISTED',
  'UNCHANGED',
] as const;
/** A re-request breaking a placement rule (archived group, not a member, one active) reports the rule's code. */
export type TransitionCode = (typeof TRANSITION_CODES)[number] | RuleCode;

export interface BulkTransitionItemResult {
  documentId: string;
  ok: boolean;
  /** The state the enrollment is in after the call (when it exists and the caller may see it). */
  state?: EnrollmentState;
  code?: TransitionCode;
  message?: string;
  /** SEAT_LIMIT: the seats of the enrollment's group when it was refused (the other enrollments' places). */
  seats?: { used: number; limit: number };
}

export interface EnrollmentRef {
  id: number;
  documentId: string;
}

export interface EnrollmentLearnerRef extends EnrollmentRef {
  username?: string | null;
  email?: string | null;
}

export interface EnrollmentGroupRef extends EnrollmentRef {
  name?: string | null;
  slug?: string | null;
}

export interface EnrollmentCourseRef extends EnrollmentRef {
  [field: string]: unknown;
}

export interface EnrollmentDTO {
  id: number;
  documentId: string;
  state: EnrollmentState;
  attendance: Attendance;
  progress: number;
  score: number | null;
  timeSpent: number;
  requestedAt: string | null;
  decidedAt: string | null;
  decidedBy: { id: number } | null;
  startedAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
  reason: string | null;
  history: HistoryEntry[];
  learner: EnrollmentLearnerRef | null;
  group: EnrollmentGroupRef | null;
  course: EnrollmentCourseRef | null;
  createdAt: string | null;
  updatedAt: string | null;
}
