import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import type { Knex } from 'knex';
import {
  ACTIVE_STATES,
  ATTENDANCE_STATES,
  MANAGER_ACTIONS,
  SEAT_STATES,
  type EnrollmentState,
  type HistoryEntry,
  type ManagerAction,
} from '../../../common/domain/enrollment-status';
import { DUE_STATES, EXPIRABLE_STATES } from '../../../common/domain/enrollment-flags';
import {
  OVERVIEW_FLAGS,
  OVERVIEW_TOTALS,
  type OverviewFlag,
  type OverviewTotals,
} from '../../../common/contracts/workspace';
import { completionRate } from '../../../common/domain/report';
import { readCompleteWithin } from '../../../common/domain/course-settings';
import { RIGHTS, hasRight, type Right, type Scope } from '../../../common/domain/rights';
import type {
  EnrollmentListQuery,
  OverviewGroup,
  OverviewQuery,
  OverviewResponse,
} from '../../../common/contracts/workspace';
import type {
  AttendanceBody,
  BulkTransitionBody,
  DueDateBody,
  ExpiryBody,
  GroupMemberOption,
  RegisterBody,
  TransitionBody,
} from '../../../common/contracts/workspace';
import { courseRepository } from '../repositories/courses';
import { enrollmentFlagSql } from '../repositories/enrollment-rows';
import { enrollmentRepository } from '../repositories/enrollments';
import { pageWindow, paginationOf } from '../utils/pagination';
import { whereAnyContains } from '../utils/search';
import { columnOf, currentDb, linkOf, tableOf, type Db } from '../utils/tables';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { planned } from '../utils/planned';
import { historyActor, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { descendantsAmong, treeOrder } from '../../../common/domain/group-tree';
import { groupTreeRepository } from '../repositories/group-tree';
import { noEnrollmentText } from './access';
import { refusal } from './enrollment-batch';
import type { AdminActor } from './scope';
import { reportUserFields } from '../utils/user-fields';

type AdminRequestActor = Extract<Actor, { kind: 'admin' }>;

/** Which enrollments each date belongs to, and how a refusal or a history entry names it. */
const DATE_FIELDS = {
  dueAt: {
    states: DUE_STATES,
    label: { noun: 'A due date', states: 'an approved', entry: 'Due date' },
  },
  expiresAt: {
    states: EXPIRABLE_STATES,
    label: { noun: 'An access window', states: 'a requested, waitlisted or approved', entry: 'Access until' },
  },
} as const;

const workspaceService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;
  const report = () => getService(strapi, 'report');
  const scopes = () => getService(strapi, 'scope');
  const access = () => getService(strapi, 'access');
  const rules = () => getService(strapi, 'enrollment');
  const courses = courseRepository(strapi);

  /**
   * Writes a date of one enrollment or a selection (the due date, the end of the access window) in one
   * transaction, all or nothing: the rows are locked and checked (found, in a group where the caller manages
   * enrollments, in a state the date belongs to), then written in bounded batches with a history entry each
   * (`{ from: state, to: state, dueAt | expiresAt }`). No seat or state changes, so the enrollment service's
   * planner is not involved. Returns how many enrollments were written.
   */
  const setDates = async (
    field: 'dueAt' | 'expiresAt',
    requested: string[],
    value: string | null,
    reason: string | undefined,
    actor: AdminRequestActor
  ): Promise<number> => {
    const scope = await scopes().getScope(actor.user);
    const documentIds = [...new Set(requested)];
    const repo = enrollmentRepository(strapi);
    const { states, label } = DATE_FIELDS[field];
    return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await repo.lockWriter(trx);
      const rows = new Map(
        (await repo.loadRows(trx, { documentIds }, true)).map((row) => [row.documentId, row])
      );
      for (const documentId of documentIds) {
        const row = rows.get(documentId);
        if (!row) throw new errors.NotFoundError(noEnrollmentText(documentId));
        const refused = refusal(actor, scope, row, row.state, 'manageEnrollments');
        if (refused) throw new Refusal(refused);
        if (!states.includes(row.state)) {
          throw new errors.ValidationError(
            `${label.noun} can only be set on ${label.states} enrollment; ${documentId} is ${row.state}.`
          );
        }
      }
      const now = new Date().toISOString();
      for (const state of states) {
        const ids = [...rows.values()].filter((row) => row.state === state).map((row) => row.id);
        if (ids.length === 0) continue;
        const entry: HistoryEntry = {
          at: now,
          by: historyActor(actor),
          from: state,
          to: state,
          reason: reason ?? (value ? `${label.entry} set to ${value}.` : `${label.entry} cleared.`),
          [field]: value,
        };
        await repo.setDate(trx, field, ids, value, entry, now);
      }
      return rows.size;
    });
  };

  const service = {
    /**
     * One page of my groups in tree order with members, pending requests, seats used, completion rate and
     * who is falling behind (flags at the moment of the request), each with the same figures summed over
     * its sub-groups in scope. The tree of the scope is read once (id, name, parent) to cut the page; the
     * figures are counted in a few queries over the page's groups and their sub-trees only.
     */
    async overview(query: OverviewQuery, actor: AdminActor): Promise<OverviewResponse> {
      const scope = await scopes().getScope(actor);
      const G = (attribute: string) => columnOf(strapi, GROUP_UID, attribute);
      const meta = async (total: number) => ({
        all: scope.all,
        pagination: paginationOf(query, total),
        pendingRequests: await service.pendingRequests(scope),
        anyGroup: Object.fromEntries(
          RIGHTS.map((right) => [right, scope.all || scope.links.some((link) => link.rights[right])])
        ) as Record<Right, boolean>,
        exportEveryReport:
          scope.all ||
          scope.links.every(
            (link) => !link.rights.viewReports || hasRight(scope, link.groupId, 'exportReports')
          ),
      });
      if (!scope.all && scope.groupIds.length === 0) return { data: [], meta: await meta(0) };
      const tree = await groupTreeRepository(strapi).treeRows(
        await currentDb(strapi),
        scope.all ? null : scope.groupIds
      );
      let shown = treeOrder(tree);
      if (query.search) {
        const matching = whereAnyContains(
          knex().from(tableOf(strapi, GROUP_UID)).select('id'),
          [G('name')],
          query.search
        );
        if (!scope.all) matching.whereIn('id', scope.groupIds);
        const found = new Set(((await matching) as Array<{ id: number }>).map((row) => Number(row.id)));
        shown = shown.filter((id) => found.has(id));
      }
      if (query.group) {
        // Groups asked for by id (a picker's choice, the groups of a listed page): those in scope only.
        const named = knex()
          .from(tableOf(strapi, GROUP_UID))
          .select('id')
          .whereIn(G('documentId'), query.group);
        const found = new Set(((await named) as Array<{ id: number }>).map((row) => Number(row.id)));
        shown = shown.filter((id) => found.has(id));
      }
      const { offset, limit } = pageWindow(query);
      const pageIds = shown.slice(offset, offset + limit);
      if (pageIds.length === 0) return { data: [], meta: await meta(shown.length) };
      const subTrees = new Map(pageIds.map((id) => [id, descendantsAmong(id, tree)]));
      const ids = [...new Set([...pageIds, ...[...subTrees.values()].flat()])];
      const position = new Map(pageIds.map((id, index) => [id, index]));
      const groups: Array<Record<string, unknown> & { id: number }> = (
        await knex()
          .from(tableOf(strapi, GROUP_UID))
          .select({
            id: 'id',
            document_id: G('documentId'),
            name: G('name'),
            visibility: G('visibility'),
            enrollment_policy: G('enrollmentPolicy'),
            seat_limit: G('seatLimit'),
            archived_at: G('archivedAt'),
            complete_within: G('completeWithin'),
          })
          .whereIn('id', pageIds)
      ).sort(
        (a: { id: number }, b: { id: number }) =>
          (position.get(Number(a.id)) ?? 0) - (position.get(Number(b.id)) ?? 0)
      );
      const total = shown.length;

      const members = linkOf(strapi, GROUP_UID, 'members');
      const enrollmentGroup = linkOf(strapi, ENROLLMENT_UID, 'group');
      const state = `e.${columnOf(strapi, ENROLLMENT_UID, 'state')}`;
      const flags = enrollmentFlagSql(strapi, new Date());
      const [memberCounts, stateCounts, groupCourses, flagCounts] = await Promise.all([
        knex()
          .from(members.table)
          .select({ group_id: members.ownerColumn })
          .count({ n: '*' })
          .whereIn(members.ownerColumn, ids)
          .groupBy(members.ownerColumn) as Promise<Array<{ group_id: number; n: number | string }>>,
        // The page's groups' rows, read by key on PostgreSQL (utils/planned.ts): a page of 100 groups
        // at 1,000,000 enrollments was planned as a scan of every enrollment.
        planned<{ group_id: number; state: EnrollmentState; n: number | string }>(
          strapi,
          knex()
            .from({ e: tableOf(strapi, ENROLLMENT_UID) })
            .join({ eg: enrollmentGroup.table }, `eg.${enrollmentGroup.ownerColumn}`, 'e.id')
            .select({ group_id: `eg.${enrollmentGroup.targetColumn}`, state })
            .count({ n: '*' })
            .whereIn(`eg.${enrollmentGroup.targetColumn}`, ids)
            .groupBy(`eg.${enrollmentGroup.targetColumn}`, state),
          { byKey: true }
        ),
        courses.documentsOfGroups(knex(), pageIds),
        planned<{ group_id: number; expired_seats: number | string } & Record<OverviewFlag, number | string>>(
          strapi,
          knex()
            .from({ e: tableOf(strapi, ENROLLMENT_UID) })
            .join({ eg: enrollmentGroup.table }, `eg.${enrollmentGroup.ownerColumn}`, 'e.id')
            .select({ group_id: `eg.${enrollmentGroup.targetColumn}` })
            .select(OVERVIEW_FLAGS.map((flag) => knex().raw('? as ??', [flags.count(flag), flag])))
            // Seats whose access window has closed are free again (holdsSeat): not among the seats used.
            .select(
              knex().raw(
                `coalesce(sum(case when ?? in (${SEAT_STATES.map(() => '?').join(', ')}) and ? then 1 else 0 end), 0) as expired_seats`,
                [state, ...SEAT_STATES, flags.condition('expired')]
              )
            )
            .whereIn(`eg.${enrollmentGroup.targetColumn}`, ids)
            .groupBy(`eg.${enrollmentGroup.targetColumn}`),
          { byKey: true }
        ),
      ]);
      const versions = await courses.versions(knex(), [...groupCourses.values()].flat());
      const paths = await getService(strapi, 'group-tree').treeOf(
        scope,
        groups.map((g) => ({ id: Number(g.id), name: String(g.name) }))
      );
      /** The figures of one group that add up over a sub-tree, and its approved seats for the rate. */
      const figuresOf = (id: number) => {
        const count = (state: EnrollmentState) =>
          stateCounts
            .filter((row) => Number(row.group_id) === id && row.state === state)
            .reduce((sum, row) => sum + Number(row.n), 0);
        const flagRow = flagCounts.find((row) => Number(row.group_id) === id);
        const flagCount = (flag: OverviewFlag) => Number(flagRow?.[flag] ?? 0);
        return {
          approved: count('approved'),
          totals: {
            members: Number(memberCounts.find((row) => Number(row.group_id) === id)?.n ?? 0),
            pendingRequests: count('requested'),
            waitlisted: count('waitlisted'),
            seatsUsed:
              SEAT_STATES.reduce((sum, state) => sum + count(state), 0) - Number(flagRow?.expired_seats ?? 0),
            enrollments: stateCounts
              .filter((row) => Number(row.group_id) === id)
              .reduce((sum, row) => sum + Number(row.n), 0),
            completed: count('completed'),
            overdue: flagCount('overdue'),
            atRisk: flagCount('atRisk'),
            dueSoon: flagCount('dueSoon'),
            fallingBehind: flagCount('fallingBehind'),
          } satisfies Omit<OverviewTotals, 'subGroups' | 'completionRate'>,
        };
      };
      const subTreeOf = (id: number): OverviewTotals | null => {
        const below = subTrees.get(id) ?? [];
        if (below.length === 0) return null;
        const all = [id, ...below].map(figuresOf);
        const sum = (pick: (figures: ReturnType<typeof figuresOf>) => number) =>
          all.reduce((total, figures) => total + pick(figures), 0);
        const totals = Object.fromEntries(
          OVERVIEW_TOTALS.map((key) => [key, sum((figures) => figures.totals[key])])
        ) as Record<(typeof OVERVIEW_TOTALS)[number], number>;
        return {
          ...totals,
          subGroups: below.length,
          completionRate: completionRate(
            totals.completed,
            sum((figures) => figures.approved)
          ),
        };
      };

      const data: OverviewGroup[] = groups.map((g) => {
        const id = Number(g.id);
        const completeWithin = readCompleteWithin(g.complete_within);
        const { approved, totals } = figuresOf(id);
        const courseList = (groupCourses.get(id) ?? [])
          .map((documentId) => ({
            documentId,
            title: versions.get(documentId)?.title ?? null,
            draft: versions.get(documentId)?.draft ?? false,
            completeWithinDays: completeWithin[documentId] ?? null,
          }))
          .sort((a, b) => (a.title ?? '').localeCompare(b.title ?? ''));
        return {
          documentId: String(g.document_id),
          name: String(g.name),
          visibility: g.visibility as OverviewGroup['visibility'],
          enrollmentPolicy: g.enrollment_policy as OverviewGroup['enrollmentPolicy'],
          seatLimit: g.seat_limit === null || g.seat_limit === undefined ? null : Number(g.seat_limit),
          archived: g.archived_at !== null && g.archived_at !== undefined,
          ...totals,
          completionRate: completionRate(totals.completed, approved),
          courses: courseList,
          rights: Object.fromEntries(RIGHTS.map((right) => [right, hasRight(scope, id, right)])) as Record<
            Right,
            boolean
          >,
          path: paths.get(id)?.path ?? String(g.name),
          parentDocumentId: paths.get(id)?.parentDocumentId ?? null,
          subTree: subTreeOf(id),
        };
      });
      return { data, meta: await meta(total) };
    },

    /**
     * Requests waiting for a decision in every group of the scope: one count. The whole site's is an
     * index-only count (the enrollments' (attendance, state) index). A manager's starts from their groups'
     * link rows and looks each enrollment's state up by id, so it costs their groups' size: asked as
     * `id in (<link rows>)`, PostgreSQL read every enrollment of the site for a manager of 50 groups
     * (docs/PERFORMANCE.md).
     */
    async pendingRequests(scope: Scope): Promise<number> {
      const enrollmentGroup = linkOf(strapi, ENROLLMENT_UID, 'group');
      const state = columnOf(strapi, ENROLLMENT_UID, 'state');
      if (scope.all) {
        const [{ n }] = (await knex()
          .from(tableOf(strapi, ENROLLMENT_UID))
          .count({ n: '*' })
          .where(state, 'requested')) as Array<{ n: number | string }>;
        return Number(n);
      }
      if (scope.groupIds.length === 0) return 0;
      const stateOfRow = knex()
        .from({ e: tableOf(strapi, ENROLLMENT_UID) })
        .select(`e.${state}`)
        .where('e.id', knex().ref(`eg.${enrollmentGroup.ownerColumn}`));
      const [{ n }] = (await knex()
        .from({ eg: enrollmentGroup.table })
        .countDistinct({ n: `eg.${enrollmentGroup.ownerColumn}` })
        .whereIn(`eg.${enrollmentGroup.targetColumn}`, scope.groupIds)
        .whereRaw('? = ?', [stateOfRow, 'requested'])) as Array<{ n: number | string }>;
      return Number(n);
    },

    /** The enrollment list: readable to managers who may manage enrollments or view reports there. */
    async listEnrollments(query: EnrollmentListQuery, actor: AdminActor) {
      const read = await report().readScope(
        actor,
        ['manageEnrollments', 'viewReports'],
        query.group,
        query.subGroups
      );
      await report().assertCoursesExist(query.course);
      const { rows, pagination } = await report().page(query, read);
      return { data: rows, meta: { pagination, userFields: reportUserFields(strapi) } };
    },

    /** One read of the row to decide (under the lock, in the enrollment service), one for the answer. */
    async transition(documentId: string, body: TransitionBody, actor: AdminRequestActor) {
      await rules().applyTransition({
        documentId,
        to: MANAGER_ACTIONS[body.action as ManagerAction],
        actor,
        reason: body.reason,
        whenFull: body.whenFull,
      });
      return { data: await report().findRow(documentId, actor.user, ['manageEnrollments']) };
    },

    async bulkTransition(body: BulkTransitionBody, actor: AdminRequestActor) {
      const results = await rules().applyBulkTransition({
        documentIds: body.documentIds,
        to: MANAGER_ACTIONS[body.action as ManagerAction],
        actor,
        reason: body.reason,
        whenFull: body.whenFull,
      });
      const succeeded = results.filter((r) => r.ok).length;
      return { data: results, meta: { succeeded, failed: results.length - succeeded } };
    },

    /**
     * Sets or clears the due date of one enrollment or a selection, all or nothing (see `setDates`).
     */
    async setDueDates(body: DueDateBody, actor: AdminRequestActor) {
      const updated = await setDates('dueAt', body.documentIds, body.dueAt, body.reason, actor);
      return { data: { updated, dueAt: body.dueAt } };
    },

    /** Sets, extends or removes the end of the access window of one enrollment or a selection (see `setDates`). */
    async setExpiry(body: ExpiryBody, actor: AdminRequestActor) {
      const updated = await setDates('expiresAt', body.documentIds, body.expiresAt, body.reason, actor);
      return { data: { updated, expiresAt: body.expiresAt } };
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
      const learnerRow: { id: number } | undefined = await knex()
        .from(tableOf(strapi, LEARNER_UID))
        .select('id')
        .where(columnOf(strapi, LEARNER_UID, 'documentId'), body.learner)
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
    async groupMembers(
      groupDocumentId: string,
      search: string | undefined,
      actor: AdminActor,
      courseDocumentId?: string
    ) {
      const { id: groupId } = await access().groupByDocumentId(actor, groupDocumentId, 'manageEnrollments');
      const members = linkOf(strapi, GROUP_UID, 'members');
      const L = (attribute: string) => `l.${columnOf(strapi, LEARNER_UID, attribute)}`;
      const query = knex()
        .from({ m: members.table })
        .join({ l: tableOf(strapi, LEARNER_UID) }, 'l.id', `m.${members.targetColumn}`)
        .select({ documentId: L('documentId'), username: L('username'), email: L('email') })
        .where(`m.${members.ownerColumn}`, groupId)
        .orderBy(L('username'))
        .limit(50);
      if (search) whereAnyContains(query, [L('username'), L('email')], search);
      const data: GroupMemberOption[] = await query;
      if (courseDocumentId && data.length > 0) {
        // Who already holds (or held to the end) a place in this course of the group: at most 50 rows.
        const enrolled = await strapi.db.query(ENROLLMENT_UID).findMany({
          where: {
            group: { id: groupId },
            course: { documentId: courseDocumentId },
            learner: { documentId: { $in: data.map((m) => m.documentId) } },
            state: { $in: [...ACTIVE_STATES, 'completed'] },
          },
          select: ['state'],
          populate: { learner: { select: ['documentId'] } },
        });
        // An active enrollment says more than a completed one of the same member.
        const stateOf = new Map<string, EnrollmentState>();
        for (const row of enrolled) {
          const key = row.learner?.documentId as string;
          if (!ACTIVE_STATES.includes(stateOf.get(key) as EnrollmentState)) stateOf.set(key, row.state);
        }
        for (const member of data) {
          const state = stateOf.get(member.documentId);
          if (state) member.enrolledState = state;
        }
      }
      return { data };
    },
  };
  return service;
};

export type WorkspaceService = ReturnType<typeof workspaceService>;
export default workspaceService;
