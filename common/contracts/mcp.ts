/**
 * The plugin's own MCP tools (Strapi's MCP server, POST /mcp with an admin token): what an AI agent may ask
 * and what it gets back. The shapes are zod 4 (Strapi's MCP server turns them into JSON Schema for the
 * agent); each handler then parses the same input with the workspace's own contract, so the rules of the
 * admin API (control characters, reasons, bulk limits) are the rules here.
 */
import { z } from '@strapi/utils';
import { ATTENDANCE_VALUES, MANAGER_ACTION_NAMES } from '../domain/enrollment-status';
import { FLAG_FILTERS } from '../domain/enrollment-flags';

/** An agent works in pages it can read: fewer rows than a workspace page. */
export const MCP_PAGE_SIZE_MAX = 100;
/** Decisions per call: a day's queue, not a site's. */
export const MCP_DECIDE_MAX = 100;

const documentId = z.string().min(1).max(64).describe('The documentId of an enrollment, group or learner.');

const enrollmentOut = z.object({
  documentId: z.string(),
  learner: z.string().nullable(),
  email: z.string().nullable(),
  course: z.string().nullable(),
  group: z.string(),
  groupDocumentId: z.string(),
  state: z.string(),
  attendance: z.string(),
  progress: z.number().nullable(),
  requestedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  flags: z.array(z.string()),
});
export type McpEnrollment = z.infer<typeof enrollmentOut>;

export const listRequestsInput = z.object({
  group: documentId.optional().describe('Only this group (documentId); omit for all my groups.'),
  state: z
    .enum(['requested', 'waitlisted'])
    .optional()
    .describe('requested (default): waiting for a decision; waitlisted: waiting for a seat.'),
  page: z.number().int().min(1).optional(),
  pageSize: z.number().int().min(1).max(MCP_PAGE_SIZE_MAX).optional(),
});
export const listRequestsOutput = z.object({
  requests: z.array(enrollmentOut),
  total: z.number(),
  page: z.number(),
  pageCount: z.number(),
});

export const decideInput = z.object({
  documentIds: z.array(documentId).min(1).max(MCP_DECIDE_MAX).describe('The enrollments to decide.'),
  action: z
    .enum(MANAGER_ACTION_NAMES as [string, ...string[]])
    .describe(
      'approve, reject (needs a reason), waitlist, unenroll, complete, or reopen a rejected or cancelled request.'
    ),
  reason: z.string().max(2000).optional().describe('Why; required to reject, kept in the history.'),
});
export const decideOutput = z.object({
  results: z.array(
    z.object({
      documentId: z.string(),
      ok: z.boolean(),
      state: z.string().optional(),
      message: z.string().optional(),
    })
  ),
  succeeded: z.number(),
  failed: z.number(),
});

export const attendanceInput = z.object({
  documentId,
  attendance: z.enum(ATTENDANCE_VALUES).describe('present, absent or unknown.'),
});
export const attendanceOutput = z.object({ enrollment: enrollmentOut });

export const progressInput = z.object({
  group: documentId.describe('The group (documentId) to summarise.'),
  flag: z
    .enum(FLAG_FILTERS as unknown as [string, ...string[]])
    .optional()
    .describe('Who to list: fallingBehind (default), overdue, atRisk, notStarted, dueSoon or expired.'),
});
export const progressOutput = z.object({
  group: z.string(),
  totals: z.record(z.string(), z.unknown()),
  behind: z.array(enrollmentOut).describe('At most 50 enrollments with the flag, earliest due first.'),
  behindTotal: z.number(),
});

export const findLearnerInput = z.object({
  search: z.string().min(1).max(100).describe('Part of a name or email.'),
});
export const findLearnerOutput = z.object({
  learners: z.array(
    z.object({
      documentId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      enrollments: z.array(enrollmentOut),
    })
  ),
});
