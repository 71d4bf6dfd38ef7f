import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import {
  ATTENDANCE_STATES,
  MANAGER_ACTIONS,
  SEAT_STATES,
  type EnrollmentState,
  type ManagerAction,
} from '../../../common/domain/enrollment-status';
import { completionRate } from '../../../common/domain/report';
import { RIGHTS, hasRight, type Right } from '../../../common/domain/rights';
import { likeContainsPattern } from '../../../common/domain/text';
import type {
  EnrollmentListQuery,
  OverviewGroup,
  OverviewResponse,
} from '../../../common/contracts/workspace';
import type {
  AttendanceBody,
  BulkTransitionBody,
  GroupMemberOption,
  RegisterBody,
  TransitionBody,
} from '../../../common/contracts/workspace';
import type { PluginConfig } from '../config';
import { linkOf } from '../utils/tables';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import type { AdminActor } from './scope';

type AdminRequestActor = Extract<Actor, { kind: 'admin' }>;

const workspaceService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;
  const report = () => getService(strapi, 'report');
  const scopes = () => getService(strapi, 'scope');
  const access = () => getService(strapi, 'access');
  const rules = () => getService(strapi, 'enrollment');
  const link = (uid: string, attribute: string) => {
    const found = linkOf(strapi, uid, attribute);
    return { table: found.table, owner: found.ownerColumn, target: found.targetColumn };
  };

  const service = {
    /** My groups with members, pending requests, seats used and completion rate, in four queries. */
    async overview(actor: AdminActor): Promise<OverviewResponse> {
      const scope = await scopes().getScope(actor);
      const t = report().tables();
      const G = (attribute: string) => t.col(GROUP_UID, attribute);
      const groupsQuery = knex()
        .from(t.group)
        .select({
          id: 'id',
          document_id: G('documentId'),
          name: G('name'),
          visibility: G('visibility'),
          enrollment_policy: G('enrollmentPolicy'),
          seat_limit: G('seatLimit'),
          archived_at: G('archivedAt'),
        })
        .orderBy(G('name'));
      if (!scope.all) {
        if (scope.groupIds.length === 0) return { data: [], meta: { all: false } };
        groupsQuery.whereIn('id', scope.groupIds);
      }
      const groups: Array<Record<string, unknown> & { id: number }> = await groupsQuery;
      const ids = groups.map((g) => Number(g.id));
      if (ids.length === 0) return { data: [], meta: { all: scope.all } };

      const members = link(GROUP_UID, 'members');
      const courses = link(GROUP_UID, 'courses');
      const enrollmentGroup = t.links.group;
      const courseUid = (strapi.config.get('plugin::groups') as PluginConfig).courseContentType;
      const [memberCounts, stateCounts, courseRows] = await Promise.all([
        knex()
          .from(members.table)
          .select({ group_id: members.owner })
          .count({ n: '*' })
          .whereIn(members.owner, ids)
          .groupBy(members.owner) as Promise<Array<{ group_id: number; n: number | string }>>,
        knex()
          .from({ e: t.enrollment })
          .join({ eg: enrollmentGroup.table }, `eg.${enrollmentGroup.ownerColumn}`, 'e.id')
          .select({
            group_id: `eg.${enrollmentGroup.targetColumn}`,
            state: `e.${t.col(ENROLLMENT_UID, 'state')}`,
          })
          .count({ n: '*' })
          .whereIn(`eg.${enrollmentGroup.targetColumn}`, ids)
          .groupBy(`eg.${enrollmentGroup.targetColumn}`, `e.${t.col(ENROLLMENT_UID, 'state')}`) as Promise<
          Array<{ group_id: number; state: EnrollmentState; n: number | string }>
        >,
        knex()
          .from({ gc: courses.table })
          .join({ c: t.course }, 'c.id', `gc.${courses.target}`)
          .select({
            group_id: `gc.${courses.owner}`,
            document_id: `c.${t.col(courseUid, 'documentId')}`,
            title: t.courseTitle ? `c.${t.courseTitle}` : knex().raw('NULL'),
          })
          .whereIn(`gc.${courses.owner}`, ids) as Promise<
          Array<{ group_id: number; document_id: string; title: string | null }>
        >,
      ]);

      const data: OverviewGroup[] = groups.map((g) => {
        const id = Number(g.id);
        const count = (state: EnrollmentState) =>
          stateCounts
            .filter((row) => Number(row.group_id) === id && row.state === state)
            .reduce((sum, row) => sum + Number(row.n), 0);
        const enrollments = stateCounts
          .filter((row) => Number(row.group_id) === id)
          .reduce((sum, row) => sum + Number(row.n), 0);
        const seen = new Set<string>();
        const groupCourses = courseRows
          .filter((row) => Number(row.group_id) === id)
          .filter((row) => (seen.has(row.document_id) ? false : (seen.add(row.document_id), true)))
          .map((row) => ({ documentId: row.document_id, title: row.title ?? null }))
          .sort((a, b) => (a.title ?? '').localeCompare(b.title ?? ''));
        return {
          documentId: String(g.document_id),
          name: String(g.name),
          visibility: g.visibility as OverviewGroup['visibility'],
          enrollmentPolicy: g.enrollment_policy as OverviewGroup['enrollmentPolicy'],
          seatLimit: g.seat_limit === null || g.seat_limit === undefined ? null : Number(g.seat_limit),
          archived: g.archived_at !== null && g.archived_at !== undefined,
          members: Number(memberCounts.find((row) => Number(row.group_id) === id)?.n ?? 0),
          pendingRequests: count('requested'),
          waitlisted: count('waitlisted'),
          seatsUsed: SEAT_STATES.reduce((sum, state) => sum + count(state), 0),
          enrollments,
          completed: count('completed'),
          completionRate: completionRate(count('completed'), count('approved')),
          courses: groupCourses,
          rights: Object.fromEntries(RIGHTS.map((right) => [right, hasRight(scope, id, right)])) as Record<
            Right,
            boolean
          >,
        };
      });
      return { data, meta: { all: scope.all } };
    },

    /** The enrollment list: readable to managers who may manage enrollments or view reports there. */
    async listEnrollments(query: EnrollmentListQuery, actor: AdminActor) {
      const read = await report().readScope(actor, ['manageEnrollments', 'viewReports'], query.group);
      await report().assertCoursesExist(query.course);
      const { rows, pagination } = await report().page(query, read);
      return { data: rows, meta: { pagination } };
    },

    /** One read of the row to decide (under the lock, in the enrollment service), one for the answer. */
    async transition(documentId: string, body: TransitionBody, actor: AdminRequestActor) {
      await rules().applyTransition({
        documentId,
        to: MANAGER_ACTIONS[body.action as ManagerAction],
        actor,
        reason: body.reason,
      });
      return { data: await report().findRow(documentId, actor.user, ['manageEnrollments']) };
    },

    async bulkTransition(body: BulkTransitionBody, actor: AdminRequestActor) {
      const results = await rules().applyBulkTransition({
        documentIds: body.documentIds,
        to: MANAGER_ACTIONS[body.action as ManagerAction],
        actor,
        reason: body.reason,
      });
      const succeeded = results.filter((r) => r.ok).length;
      return { data: results, meta: { succeeded, failed: results.length - succeeded } };
    },

    async setAttendance(documentId: string, body: AttendanceBody, actor: AdminRequestActor) {
      const row = await report().findRow(documentId, actor.user, ['manageEnrollments']);
      if (!ATTENDANCE_STATES.includes(row.state)) {
        throw new errors.ValidationError(
          `Attendance can only be marked for an approved or completed enrollment; this one is ${row.state}.`
        );
      }
      await strapi
        .documents(ENROLLMENT_UID)
        .update({ documentId, data: { attendance: body.attendance } as never });
      return { data: { ...row, attendance: body.attendance } };
    },

    /**
     * A manager enrolls a learner in a course of their group. The rules service checks membership, the
     * group's courses, one active enrollment and seats; a manager's registration is approved (or
     * waitlisted when the group is full).
     */
    async register(body: RegisterBody, actor: AdminRequestActor) {
      await access().groupByDocumentId(actor.user, body.group, 'manageEnrollments');
      const t = report().tables();
      const learnerRow: { id: number } | undefined = await knex()
        .from(t.learner)
        .select('id')
        .where(t.col(LEARNER_UID, 'documentId'), body.learner)
        .first();
      if (!learnerRow) throw new errors.NotFoundError(`No learner has the id ${body.learner}.`);
      const created = await rules().applyRequest({
        learnerId: Number(learnerRow.id),
        groupDocumentId: body.group,
        courseDocumentId: body.course,
        actor,
      });
      return { data: await report().findRow(created.documentId, actor.user, ['manageEnrollments']) };
    },

    /** Members of a group a manager may register, for the register dialog. */
    async groupMembers(groupDocumentId: string, search: string | undefined, actor: AdminActor) {
      const { id: groupId } = await access().groupByDocumentId(actor, groupDocumentId, 'manageEnrollments');
      const t = report().tables();
      const members = link(GROUP_UID, 'members');
      const username = `l.${t.col(LEARNER_UID, 'username')}`;
      const email = `l.${t.col(LEARNER_UID, 'email')}`;
      const query = knex()
        .from({ m: members.table })
        .join({ l: t.learner }, 'l.id', `m.${members.target}`)
        .select({ documentId: `l.${t.col(LEARNER_UID, 'documentId')}`, username, email })
        .where(`m.${members.owner}`, groupId)
        .orderBy(username)
        .limit(50);
      if (search) {
        const term = likeContainsPattern(search);
        query.where((w) =>
          w
            .whereRaw(`lower(??) like ? escape '\\'`, [username, term])
            .orWhereRaw(`lower(??) like ? escape '\\'`, [email, term])
        );
      }
      const data: GroupMemberOption[] = await query;
      return { data };
    },
  };
  return service;
};

export type WorkspaceService = ReturnType<typeof workspaceService>;
export default workspaceService;
