import type { Core } from '@strapi/strapi';
import {
  MCP_PAGE_SIZE_MAX,
  attendanceInput,
  attendanceOutput,
  decideInput,
  decideOutput,
  findLearnerInput,
  findLearnerOutput,
  listRequestsInput,
  listRequestsOutput,
  progressInput,
  progressOutput,
  type McpEnrollment,
} from '../../../common/contracts/mcp';
import type { EnrollmentRow } from '../../../common/contracts/report';
import { reportQuerySchema } from '../../../common/contracts/report';
import {
  attendanceBodySchema,
  bulkTransitionBodySchema,
  documentIdParamsSchema,
  enrollmentListQuerySchema,
} from '../../../common/contracts/workspace';
import { actionId, type PluginActionUid } from '../../../common/domain/permissions';
import { actorFromRequest, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

/**
 * The plugin's own MCP tools: a manager's daily work for an AI agent holding that manager's admin token.
 * Each tool is gated by a plugin action (Strapi checks it against the token's ability before the tool is
 * even listed) and then acts through the workspace's services as the token's owner: the same scope, the
 * same per-link rights, the same status table and the same history as the admin panel. Registered only
 * where Strapi has an MCP server (5.48 and later); elsewhere the plugin runs without them.
 */

interface ToolContext {
  user?: { id?: number } | null;
}
interface ToolCall<Args> {
  args: Args;
}
interface ToolResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: Record<string, unknown>;
}

/** The admin the token belongs to; a session without one acts as nobody and is refused by every service. */
const ownerOf = (context: ToolContext) => ({ id: Number(context.user?.id ?? 0) });

/**
 * The token's owner as the writer of history, with the token named (`admin:<id>/token:<id>`): the request
 * state knows the token (middlewares/admin-token-actor.ts), the tool context only its owner.
 */
const adminActor = (strapi: Core.Strapi, context: ToolContext): Extract<Actor, { kind: 'admin' }> => {
  const owner = ownerOf(context);
  const request = actorFromRequest(strapi.requestContext.get() as never);
  const tokenId = request.kind === 'admin' && request.user.id === owner.id ? request.tokenId : undefined;
  return { kind: 'admin', user: owner, ...(tokenId ? { tokenId } : {}) };
};

const result = (summary: string, data: Record<string, unknown>): ToolResult => ({
  content: [{ type: 'text', text: `${summary}\n${JSON.stringify(data)}` }],
  structuredContent: data,
});

/** A row as an agent needs it: names, not ids of ids; dates as ISO strings. */
const enrollmentOf = (row: EnrollmentRow): McpEnrollment => ({
  documentId: row.documentId,
  learner: row.learner.username,
  email: row.learner.email,
  course: row.course.title,
  group: row.group.name,
  groupDocumentId: row.group.documentId,
  state: row.state,
  attendance: row.attendance,
  progress: row.progress,
  requestedAt: row.requestedAt,
  dueAt: row.dueAt,
  flags: [...row.flags],
});

const auth = (uid: PluginActionUid) => ({ policies: [{ action: actionId(uid) }] });

export const groupsMcpTools = (strapi: Core.Strapi) => {
  const workspace = () => getService(strapi, 'workspace');
  const report = () => getService(strapi, 'report');

  return [
    {
      name: 'groups_list_requests',
      title: 'Groups: requests waiting',
      description:
        'List the enrollment requests waiting in my groups (or one group), oldest first: who asked for which course in which group. Only groups I manage are listed.',
      auth: auth('workspace.read'),
      resolveInputSchema: () => listRequestsInput,
      resolveOutputSchema: () => listRequestsOutput,
      createHandler:
        (_strapi: Core.Strapi, context: ToolContext) =>
        async ({ args }: ToolCall<Record<string, any>>) => {
          const query = parseInput(
            enrollmentListQuerySchema,
            {
              group: args.group,
              state: args.state ?? 'requested',
              page: String(args.page ?? 1),
              pageSize: String(Math.min(args.pageSize ?? 25, MCP_PAGE_SIZE_MAX)),
              sort: 'requestedAt:asc',
            },
            'input'
          );
          const { data, meta } = await workspace().listEnrollments(query, ownerOf(context));
          const out = {
            requests: data.map(enrollmentOf),
            total: meta.pagination.total,
            page: meta.pagination.page,
            pageCount: meta.pagination.pageCount,
          };
          return result(`${out.total} ${query.state?.[0] ?? 'requested'} enrollment(s) in my groups.`, out);
        },
    },
    {
      name: 'groups_decide',
      title: 'Groups: decide requests',
      description:
        'Approve, reject (with a reason), waitlist, unenroll or complete one or several enrollments of my groups. Each enrollment succeeds or fails on its own; refusals say why. The decision is recorded in the enrollment history as mine.',
      auth: auth('enrollments.manage'),
      resolveInputSchema: () => decideInput,
      resolveOutputSchema: () => decideOutput,
      createHandler:
        (_strapi: Core.Strapi, context: ToolContext) =>
        async ({ args }: ToolCall<Record<string, unknown>>) => {
          const body = parseInput(bulkTransitionBodySchema, args, 'input');
          const { data, meta } = await workspace().bulkTransition(body, adminActor(strapi, context));
          const out = {
            results: data.map((item) => ({
              documentId: item.documentId,
              ok: item.ok,
              ...(item.state ? { state: item.state } : {}),
              ...(item.message ? { message: item.message } : {}),
            })),
            succeeded: meta.succeeded,
            failed: meta.failed,
          };
          return result(`${body.action}: ${meta.succeeded} done, ${meta.failed} refused.`, out);
        },
    },
    {
      name: 'groups_mark_attendance',
      title: 'Groups: mark attendance',
      description: 'Mark a learner of one of my groups present, absent or unknown for an enrollment.',
      auth: auth('enrollments.manage'),
      resolveInputSchema: () => attendanceInput,
      resolveOutputSchema: () => attendanceOutput,
      createHandler:
        (_strapi: Core.Strapi, context: ToolContext) =>
        async ({ args }: ToolCall<Record<string, unknown>>) => {
          const { documentId } = parseInput(documentIdParamsSchema, { documentId: args.documentId }, 'input');
          const body = parseInput(attendanceBodySchema, { attendance: args.attendance }, 'input');
          const { data } = await workspace().setAttendance(documentId, body, adminActor(strapi, context));
          return result(`Attendance is now ${data.attendance}.`, { enrollment: enrollmentOf(data) });
        },
    },
    {
      name: 'groups_progress',
      title: 'Groups: progress and who is falling behind',
      description:
        'Summarise one of my groups: enrollments per state, completion and flags (overdue, at risk, not started), and list who is falling behind (or has another flag), earliest due date first.',
      auth: auth('reports.read'),
      resolveInputSchema: () => progressInput,
      resolveOutputSchema: () => progressOutput,
      createHandler:
        (_strapi: Core.Strapi, context: ToolContext) =>
        async ({ args }: ToolCall<Record<string, any>>) => {
          const group = String(args.group ?? '');
          const all = parseInput(reportQuerySchema, { group, pageSize: '1' }, 'input');
          const behind = parseInput(
            reportQuerySchema,
            { group, flag: args.flag ?? 'fallingBehind', pageSize: '50', sort: 'dueAt:asc' },
            'input'
          );
          const [summary, flagged] = await Promise.all([
            report().report(all, ownerOf(context)),
            report().report(behind, ownerOf(context)),
          ]);
          const out = {
            group: flagged.data[0]?.group.name ?? summary.data[0]?.group.name ?? group,
            totals: summary.meta.totals as unknown as Record<string, unknown>,
            behind: flagged.data.map(enrollmentOf),
            behindTotal: flagged.meta.pagination.total,
          };
          return result(
            `${summary.meta.totals.total} enrollment(s); ${out.behindTotal} with ${args.flag ?? 'fallingBehind'}.`,
            out
          );
        },
    },
    {
      name: 'groups_find_learner',
      title: 'Groups: find a learner',
      description:
        'Find learners of my groups by part of their name or email, with their enrollments in my groups (nothing of other groups).',
      auth: auth('workspace.read'),
      resolveInputSchema: () => findLearnerInput,
      resolveOutputSchema: () => findLearnerOutput,
      createHandler:
        (_strapi: Core.Strapi, context: ToolContext) =>
        async ({ args }: ToolCall<Record<string, unknown>>) => {
          const query = parseInput(
            enrollmentListQuerySchema,
            { search: args.search, pageSize: String(MCP_PAGE_SIZE_MAX), sort: 'learner:asc' },
            'input'
          );
          const { data } = await workspace().listEnrollments(query, ownerOf(context));
          const learners = new Map<
            string,
            {
              documentId: string | null;
              name: string | null;
              email: string | null;
              enrollments: McpEnrollment[];
            }
          >();
          for (const row of data) {
            const key = row.learner.documentId ?? row.learner.email ?? row.documentId;
            const learner = learners.get(key) ?? {
              documentId: row.learner.documentId,
              name: row.learner.username,
              email: row.learner.email,
              enrollments: [],
            };
            learner.enrollments.push(enrollmentOf(row));
            learners.set(key, learner);
          }
          const out = { learners: [...learners.values()] };
          return result(`${out.learners.length} learner(s) of my groups match.`, out);
        },
    },
  ];
};

/** Registers the tools where Strapi has an MCP server; `registerTool` only stores them until it starts. */
export const registerMcpTools = (strapi: Core.Strapi) => {
  const mcp = (strapi as unknown as { ai?: { mcp?: { registerTool?: (tool: unknown) => void } } }).ai?.mcp;
  if (typeof mcp?.registerTool !== 'function') return;
  for (const tool of groupsMcpTools(strapi)) mcp.registerTool(tool);
};
