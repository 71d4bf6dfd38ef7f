/**
 * The enrollment rows the workspace list, the report and the export show, read with their own SQL:
 * paging the document service through 5,000 enrollments of one group takes seconds, one query takes
 * milliseconds (docs/PERFORMANCE.md). Names come from Strapi's metadata (utils/tables), so renamed columns
 * and the site's own course type are followed. Scope is the caller's business: every read takes the group
 * ids it may cover (null: all).
 *
 * The course is never joined row to row: an enrollment links each version of its course (Draft & Publish,
 * i18n), so a join would repeat the enrollment once per version. Each row carries its course's document id
 * (one scalar subquery), and the title comes from the course repository's one chosen version.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  ENROLLMENT_STATES,
  SEATED_STATES,
  type EnrollmentState,
} from '../../../common/domain/enrollment-status';
import {
  FALLING_BEHIND_FLAGS,
  FLAG_FILTERS,
  type EnrollmentFlag,
  type FlagFilterName,
  type FlagThresholds,
} from '../../../common/domain/enrollment-flags';
import type {
  EnrollmentFilters,
  EnrollmentRow,
  ReportQuery,
  SortField,
} from '../../../common/contracts/report';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { bitsHold, flagMask, flagSql, type FlagColumns } from '../database/flag-filters';
import { periodBound } from '../utils/period';
import { whereAnyContains } from '../utils/search';
import { planned as plannedRead } from '../utils/planned';
import { columnOf, linkOf, tableOf } from '../utils/tables';
import { reportUserFields } from '../utils/user-fields';
import { parseUserFieldFilter, type UserField } from '../../../common/domain/user-fields';
import { errors } from '@strapi/utils';
import { failure } from '../utils/messages';
import { courseRepository, type CourseVersion } from './courses';
import type { Scope } from '../../../common/domain/rights';
import {
  missingCourses,
  missingPaths,
  rowOf,
  toDate,
  toIso,
  type ExportRow,
  type Paths,
  type RawRow,
  type RowContext,
} from './row-shape';

export type { ExportRow } from './row-shape';

/** The groups a read covers and those where the caller may act on rows. */
export interface RowScope {
  /** Group ids the rows are limited to; null when unlimited (Super Admin without a group filter). */
  groupIds: number[] | null;
  /** Groups where the caller may act on enrollments (null: all). */
  manageable: number[] | null;
  /** The instant every flag of the read is computed at: one per request (the time of the call when absent). */
  now?: Date;
  /**
   * The caller's scope: which ancestors name a row's group (its path); the group's name alone when absent.
   * With a group filter it may cover only the filter's groups, their ancestors and sub-trees (enough for
   * every row of the read: access.readableIn).
   */
  scope?: Scope;
}

export type PageQuery = Pick<ReportQuery, keyof EnrollmentFilters | 'page' | 'pageSize' | 'sort'>;

/** The filtered rows of one course summed: what the report's totals and status mix are made of. */
export interface CourseTally {
  course: { documentId: string | null; title: string | null };
  /** Rows per state. */
  counts: Record<EnrollmentState, number>;
  /** Approved rows with progress or a start date. */
  approvedStarted: number;
  /** Progress summed over the seated rows (approved and completed: their number is in `counts`). */
  seatedProgress: number;
  scoreSum: number;
  scored: number;
  /** Rows per flag (and `fallingBehind`) at the read's instant. */
  flags: Record<FlagFilterName, number>;
}

/** One (course, state, flags) group of the filtered rows, as the database returns it. */
interface GroupedRow {
  course_document_id: string | null;
  state: EnrollmentState;
  flag_bits: number | string;
  n: number | string;
  started: number | string | null;
  progress_sum: number | string | null;
  score_sum: number | string | null;
  scored: number | string | null;
}

/** One course of the filtered rows summed by the database (`tallyQuery`): sums per state and per flag. */
type TallyRow = {
  course_document_id: string | null;
  approved_started: number | string | null;
  seated_progress: number | string | null;
  score_sum: number | string | null;
  scored: number | string | null;
} & Record<`n_${EnrollmentState}` | `f_${FlagFilterName}`, number | string | null>;

/**
 * Sort fields whose column has an index on (column, id) in the enrollment schema: a read over every group
 * walks it for a page instead of sorting the site (`walkedPageIds`). Another column joins this list only
 * with its index, and after checking the plans of the filters on that column (an index SQLite could prefer
 * over a group's link rows slows every manager's list).
 */
const INDEX_WALKED_SORTS: ReadonlySet<SortField> = new Set<SortField>(['requestedAt', 'dueAt']);

/** Query keys that never leave a row out (the group filter is the read's group ids). */
const NOT_NARROWING = new Set(['periodField', 'timeZone', 'group', 'subGroups', 'page', 'pageSize', 'sort']);

/** Whether a filter leaves rows out; a key not known here counts as one that does. */
const narrows = (filters: EnrollmentFilters): boolean =>
  Object.entries(filters).some(
    ([key, value]) =>
      !NOT_NARROWING.has(key) &&
      value !== undefined &&
      value !== null &&
      value !== '' &&
      !(Array.isArray(value) && !value.length)
  );

/** A flag filter as the flag SQL takes it: `fallingBehind` stands for its flags, a list means any of them. */
const flagsOf = (filter: FlagFilterName[]): EnrollmentFlag[] => [
  ...new Set(filter.flatMap((name) => (name === 'fallingBehind' ? FALLING_BEHIND_FLAGS : [name]))),
];

/**
 * The flag conditions (server/src/database/flag-filters.ts) on the enrollments table aliased `e`, with the
 * site's thresholds, at `now`.
 */
export const enrollmentFlagSql = (strapi: Core.Strapi, now: Date) => {
  const E = (attribute: string) => `e.${columnOf(strapi, ENROLLMENT_UID, attribute)}`;
  const columns: FlagColumns = {
    state: E('state'),
    decidedAt: E('decidedAt'),
    startedAt: E('startedAt'),
    progress: E('progress'),
    dueAt: E('dueAt'),
    expiresAt: E('expiresAt'),
  };
  const thresholds = getService(strapi, 'settings').flagThresholds();
  return flagSql(strapi.db.connection as unknown as Knex, columns, now, thresholds);
};

export const enrollmentRowsRepository = (strapi: Core.Strapi) => {
  const knex = (): Knex => strapi.db.connection as unknown as Knex;
  const courses = courseRepository(strapi);
  const E = (attribute: string) => `e.${columnOf(strapi, ENROLLMENT_UID, attribute)}`;
  const G = (attribute: string) => `g.${columnOf(strapi, GROUP_UID, attribute)}`;
  const L = (attribute: string) => `l.${columnOf(strapi, LEARNER_UID, attribute)}`;

  const thresholds = () => getService(strapi, 'settings').flagThresholds();
  const flagsAt = (now: Date) => enrollmentFlagSql(strapi, now);

  /** The report's user fields as the site listed them; read per request (config and schema are fixed). */
  const userFields = (): UserField[] => reportUserFields(strapi);

  /** `department:Sales` filters, typed by their field; an unlisted field or a bad value is a 400 naming it. */
  const userFieldFilters = (texts: string[] | undefined) => {
    if (!texts?.length) return [];
    const fields = userFields();
    return texts.map((text) => {
      const at = text.indexOf(':');
      const name = text.slice(0, at);
      const field = fields.find((f) => f.name === name);
      if (!field) {
        throw fields.length
          ? failure('ValidationError', 'server.reports.notUserFieldListed', {
              name,
              fields: fields.map((f) => f.name).join(', '),
            })
          : failure('ValidationError', 'server.reports.notUserField', { name });
      }
      const parsed = parseUserFieldFilter(field, text.slice(at + 1));
      if (!parsed.ok) throw new errors.ValidationError(`query.userField: ${parsed.message}.`);
      return { field, value: parsed.value };
    });
  };

  const periodColumn = (field: EnrollmentFilters['periodField']) =>
    E(field === 'started' ? 'startedAt' : field === 'completed' ? 'completedAt' : 'requestedAt');

  /**
   * FROM + JOINs + WHERE for the filtered, scoped enrollments; selects nothing yet. The learner and group
   * joins are made only when a filter, the sort or the selected columns need them: over the 5,000 rows of
   * a large group each join is thousands of lookups that counts and sums do not need.
   */
  const filtered = (
    filters: EnrollmentFilters,
    groupIds: number[] | null,
    need: { learner?: boolean; group?: boolean } = { learner: true, group: true },
    now: Date = new Date()
  ): Knex.QueryBuilder => {
    const k = knex();
    const group = linkOf(strapi, ENROLLMENT_UID, 'group');
    const query = k
      .from({ e: tableOf(strapi, ENROLLMENT_UID) })
      .join({ eg: group.table }, `eg.${group.ownerColumn}`, 'e.id');
    if (need.group) query.join({ g: tableOf(strapi, GROUP_UID) }, 'g.id', `eg.${group.targetColumn}`);
    const userFilters = userFieldFilters(filters.userField);
    if (need.learner || filters.search || userFilters.length) {
      const learner = linkOf(strapi, ENROLLMENT_UID, 'learner');
      query
        .leftJoin({ el: learner.table }, `el.${learner.ownerColumn}`, 'e.id')
        .leftJoin({ l: tableOf(strapi, LEARNER_UID) }, 'l.id', `el.${learner.targetColumn}`);
    }
    if (groupIds) query.whereIn(`eg.${group.targetColumn}`, groupIds);
    if (filters.course?.length) query.whereIn('e.id', courses.enrollmentsOfCourses(k, filters.course));
    if (filters.state?.length) query.whereIn(E('state'), filters.state);
    const period = periodColumn(filters.periodField);
    if (filters.from) query.where(period, '>=', periodBound(filters.from, false, filters.timeZone));
    if (filters.to) query.where(period, '<=', periodBound(filters.to, true, filters.timeZone));
    if (filters.search) whereAnyContains(query, [L('username'), L('email')], filters.search);
    if (filters.flag?.length) query.where(flagsAt(now).condition(flagsOf(filters.flag)));
    for (const { field, value } of userFilters) {
      // Text matches whatever its case, as a person types it; other kinds match exactly.
      if (typeof value === 'string' && field.kind === 'string') {
        query.whereRaw('lower(??) = lower(?)', [L(field.name), value]);
      } else query.where(L(field.name), value);
    }
    return query;
  };

  const selectRow = (query: Knex.QueryBuilder): Knex.QueryBuilder => {
    const fields = userFields();
    // Only the attributes the site owner listed are read: nothing else of the account leaves the server.
    if (fields.length) query.select(Object.fromEntries(fields.map((field, i) => [`uf_${i}`, L(field.name)])));
    return query
      .select({
        id: 'e.id',
        document_id: E('documentId'),
        state: E('state'),
        attendance: E('attendance'),
        progress: E('progress'),
        score: E('score'),
        time_spent: E('timeSpent'),
        requested_at: E('requestedAt'),
        decided_at: E('decidedAt'),
        started_at: E('startedAt'),
        completed_at: E('completedAt'),
        due_at: E('dueAt'),
        expires_at: E('expiresAt'),
        reason: E('reason'),
        group_id: 'g.id',
        group_document_id: G('documentId'),
        group_name: G('name'),
        learner_document_id: L('documentId'),
        learner_username: L('username'),
        learner_email: L('email'),
      })
      .select(courses.documentOfEnrollment(knex()).as('course_document_id'))
      .select(parentOfGroup().as('group_parent_id'));
  };

  /** The parent id of the row's group (`g`), as a scalar subquery: a row of a top-level group needs no tree read. */
  const parentOfGroup = (): Knex.QueryBuilder => {
    const parent = linkOf(strapi, GROUP_UID, 'parent');
    return knex()
      .from({ gp: parent.table })
      .where(`gp.${parent.ownerColumn}`, knex().ref('g.id'))
      .select(`gp.${parent.targetColumn}`)
      .limit(1);
  };

  /** Every row with learner and group, by the given period field, not yet filtered. */
  const allRows = (periodField: EnrollmentFilters['periodField']) =>
    selectRow(filtered({ periodField }, null));

  /** `locales`: the course title's preferred locales, read before (a builder must not pass through await). */
  const applySort = (query: Knex.QueryBuilder, sort: string, locales: string[]) => {
    const [field, direction] = sort.split(':') as [SortField, 'asc' | 'desc'];
    const dir = direction === 'desc' ? 'desc' : 'asc';
    let column: string | Knex.QueryBuilder | Knex.Raw;
    switch (field) {
      case 'learner':
        column = L('username');
        break;
      case 'email':
        column = L('email');
        break;
      case 'group':
        column = G('name');
        break;
      case 'course':
        column = courses.titleOfEnrollment(knex(), locales);
        break;
      default:
        column = E(field);
    }
    // Nulls sort the same way on both databases; the id keeps pages stable.
    const ref = typeof column === 'string' ? '??' : '?';
    query.orderByRaw(`(case when ${ref} is null then 1 else 0 end), ${ref} ${dir}`, [column, column]);
    query.orderBy('e.id', dir);
    return query;
  };

  /** The chosen version of each course the rows name; `known` carries those read for earlier chunks. */
  const courseVersionsOf = async (
    raw: ReadonlyArray<{ course_document_id: string | null }>,
    known = new Map<string, CourseVersion>()
  ) => {
    const missing = missingCourses(raw, known);
    if (missing.length) {
      for (const [id, version] of await courses.versions(knex(), missing)) known.set(id, version);
    }
    return known;
  };

  /** The paths of groups with a parent (id → name) as `scope` may read them: one tree read for all. */
  const treePaths = async (scope: Scope, groups: Map<number, string>) => {
    if (groups.size === 0) return new Map<number, string>();
    const tree = await getService(strapi, 'group-tree').treeOf(
      scope,
      [...groups].map(([id, name]) => ({ id, name }))
    );
    return new Map([...tree].map(([id, { path }]) => [id, path]));
  };

  /** The paths of the rows' groups not yet in `paths`: one tree read for all of them. */
  const pathsOf = async (raw: RawRow[], scope: Scope | undefined, paths: Paths = new Map()) => {
    if (!scope) return paths;
    // A top-level group's path is its name: only groups with a parent need the tree read.
    for (const [id, path] of await treePaths(scope, missingPaths(raw, paths))) paths.set(id, path);
    return paths;
  };

  /** `known`: course versions already read for the same request (the summary's), reused. */
  const toRows = async (
    raw: RawRow[],
    read: RowScope & { now: Date; userFields: UserField[] },
    known?: Map<string, CourseVersion>
  ): Promise<EnrollmentRow[]> => {
    const [versions, paths] = await Promise.all([courseVersionsOf(raw, known), pathsOf(raw, read.scope)]);
    const limits = thresholds();
    return raw.map((row) => rowOf(row, versions, read, toIso, paths, limits));
  };

  /**
   * The full rows of the filtered chunk after `lastId`, by id. The chunk's ids in a subquery of their own,
   * then its rows by id. In one flat query PostgreSQL merge-joins each link table from its first row up to
   * lastId (it does not carry `e.id > lastId` over to the links), which made a 100,000-row export
   * quadratic: 48 s instead of 12 s. The derived table keeps the LIMIT legal inside IN on every database,
   * MySQL included.
   */
  const chunkQuery = (
    filters: EnrollmentFilters,
    read: ReturnType<typeof at>,
    chunkSize: number,
    lastId: number
  ): Knex.QueryBuilder => {
    const group = linkOf(strapi, ENROLLMENT_UID, 'group');
    const chunkIds = knex()
      .from(
        filtered(filters, read.groupIds, {}, read.now)
          .select('e.id')
          .where('e.id', '>', lastId)
          .where(`eg.${group.ownerColumn}`, '>', lastId)
          .orderBy('e.id', 'asc')
          .limit(chunkSize)
          .as('chunk')
      )
      .select('chunk.id');
    return allRows(filters.periodField).whereIn('e.id', chunkIds).orderBy('e.id', 'asc');
  };

  /** The read with its instant fixed, so every row and filter of it agree. */
  const at = (read: RowScope) => ({ ...read, now: read.now ?? new Date(), userFields: userFields() });

  /**
   * The page's ids of a read over every group, sorted by a column an index on (column, id) serves
   * (`INDEX_WALKED_SORTS`): the rows with a value by walking that index, then those without one, each
   * branch stopping after the page. Together they give `applySort`'s order (values first, then empty ones,
   * the id breaking ties) without sorting every row of the site: the Super Admin's first page reads 20
   * index entries, not 100,000 rows (docs/PERFORMANCE.md, fix 14). A read limited to groups keeps the
   * plain sort, which starts from its groups' link rows: walking the site's index for a small group would
   * read far more than its rows.
   */
  const walkedPageIds = (query: PageQuery, read: ReturnType<typeof at>, field: SortField) => {
    const k = knex();
    const dir = query.sort.endsWith(':desc') ? 'desc' : 'asc';
    const column = E(field);
    const reach = query.page * query.pageSize;
    const branch = (withValue: boolean) => {
      const rows = filtered(query, null, {}, read.now)
        .select({ id: 'e.id', v: column })
        .select(k.raw(`${withValue ? 0 : 1} as no_value`));
      if (withValue) rows.whereNotNull(column).orderBy(column, dir);
      else rows.whereNull(column);
      // Each branch in a derived table of its own: ORDER BY and LIMIT inside a UNION member are not
      // legal on SQLite otherwise.
      return k.select('*').from(
        rows
          .orderBy('e.id', dir)
          .limit(reach)
          .as(withValue ? 'with_value' : 'without_value')
      );
    };
    return k
      .from(branch(true).unionAll(branch(false)).as('walk'))
      .select('walk.id')
      .orderBy([
        { column: 'walk.no_value', order: 'asc' },
        { column: 'walk.v', order: dir },
        { column: 'walk.id', order: dir },
      ])
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
  };

  /**
   * One page's raw rows: the page's ids first, joining only what the sort needs, then the full rows of
   * those ids. Joining learners and groups before sorting would look them up for every row of the group.
   */
  const pageRaw = async (query: PageQuery, read: ReturnType<typeof at>): Promise<RawRow[]> => {
    const field = query.sort.split(':')[0] as SortField;
    const locales = field === 'course' ? await courses.preferredLocales() : [];
    const ids =
      read.groupIds === null && INDEX_WALKED_SORTS.has(field)
        ? walkedPageIds(query, read, field)
        : applySort(
            filtered(
              query,
              read.groupIds,
              { learner: field === 'learner' || field === 'email', group: field === 'group' },
              read.now
            ).select('e.id'),
            query.sort,
            locales
          )
            .limit(query.pageSize)
            .offset((query.page - 1) * query.pageSize);
    // One statement: the page's ids in a derived table (which keeps LIMIT legal inside IN everywhere).
    const pageIds = knex().from(ids.as('page')).select('page.id');
    const page = applySort(allRows(query.periodField), query.sort, locales).whereIn('e.id', pageIds);
    return read.groupIds ? await planned<RawRow>(page, read.groupIds) : await page;
  };

  /**
   * The filtered rows counted per course, state and flags in one GROUP BY (over a derived table that gives
   * each row its course document and its flags as one value): the report's totals and status mix are sums
   * of these. One pass over the rows instead of one per figure keeps the report of a 5,000-enrollment group
   * near the SQL a person would write (docs/PERFORMANCE.md).
   */
  const groupedQuery = (filters: EnrollmentFilters, read: ReturnType<typeof at>): Knex.QueryBuilder => {
    const { groupIds, now } = read;
    const k = knex();
    const perRow = filtered(filters, groupIds, {}, now)
      .select({
        state: E('state'),
        progress: E('progress'),
        started_at: E('startedAt'),
        score: E('score'),
      })
      // Every flag of the row in one value, grouped by: one evaluation per row instead of one per flag.
      .select(k.raw('? as flag_bits', [flagsAt(now).bits()]))
      .select(courses.documentOfEnrollment(k).as('course_document_id'))
      .as('r');
    return k
      .from(perRow)
      .select('r.course_document_id', 'r.state', 'r.flag_bits')
      .count({ n: '*' })
      .select(
        k.raw(
          `sum(case when coalesce(r.progress, 0) > 0 or r.started_at is not null then 1 else 0 end) as started`
        ),
        k.raw(`sum(coalesce(r.progress, 0)) as progress_sum`),
        k.raw(`sum(r.score) as score_sum`),
        k.raw(`count(r.score) as scored`)
      )
      .groupBy('r.course_document_id', 'r.state', 'r.flag_bits');
  };

  /** A read of this repository's rows through `utils/planned.ts`: by key when it names groups. */
  const planned = <T>(query: Knex.QueryBuilder, groupIds: number[] | null) =>
    plannedRead<T>(strapi, query, { byKey: groupIds !== null });

  /**
   * The grouped rows summed per course by the database: the export's summary, which holds every row of the
   * site at worst. Its (course, state, flags) groups are one row per course here: ~21,000 rows instead of
   * ~400,000 for a 1,000,000-enrollment site, which held 80–110 MB before the export's first byte.
   */
  const tallyQuery = (filters: EnrollmentFilters, read: ReturnType<typeof at>): Knex.QueryBuilder => {
    const k = knex();
    const sumWhen = (condition: string, value: string, alias: string, bindings: unknown[] = []) =>
      k.raw(`sum(case when ${condition} then ${value} else 0 end) as ??`, [...bindings, alias]);
    const inList = (values: readonly string[]) => values.map(() => '?').join(', ');
    return (
      k
        .from(groupedQuery(filters, read).as('g'))
        .select('g.course_document_id')
        .select(ENROLLMENT_STATES.map((state) => sumWhen('g.state = ?', 'g.n', `n_${state}`, [state])))
        .select(sumWhen('g.state = ?', 'g.started', 'approved_started', ['approved']))
        .select(
          sumWhen(`g.state in (${inList(SEATED_STATES)})`, 'g.progress_sum', 'seated_progress', [
            ...SEATED_STATES,
          ])
        )
        .select(k.raw('sum(g.score_sum) as score_sum'), k.raw('sum(g.scored) as scored'))
        // The masks are numbers of the code (flag-filters.ts), written into the statement as they are.
        .select(
          FLAG_FILTERS.map((name) => sumWhen(`(g.flag_bits & ${flagMask(name)}) <> 0`, 'g.n', `f_${name}`))
        )
        .groupBy('g.course_document_id')
        .orderBy('g.course_document_id')
    );
  };

  const emptyTally = (documentId: string | null, versions: Map<string, CourseVersion>): CourseTally => ({
    course: { documentId, title: (documentId && versions.get(documentId)?.title) || null },
    counts: Object.fromEntries(ENROLLMENT_STATES.map((state) => [state, 0])) as CourseTally['counts'],
    approvedStarted: 0,
    seatedProgress: 0,
    scoreSum: 0,
    scored: 0,
    flags: Object.fromEntries(FLAG_FILTERS.map((name) => [name, 0])) as CourseTally['flags'],
  });

  /** The grouped rows summed per course, their flag combinations summed into flag counts (the report). */
  const talliesOf = (grouped: GroupedRow[], versions: Map<string, CourseVersion>): CourseTally[] => {
    const tallies = new Map<string | null, CourseTally>();
    for (const row of grouped) {
      const documentId = row.course_document_id ?? null;
      let tally = tallies.get(documentId);
      if (!tally) {
        tally = emptyTally(documentId, versions);
        tallies.set(documentId, tally);
      }
      const n = Number(row.n);
      const bits = Number(row.flag_bits);
      tally.counts[row.state] += n;
      if (row.state === 'approved') tally.approvedStarted += Number(row.started ?? 0);
      if (SEATED_STATES.includes(row.state)) tally.seatedProgress += Number(row.progress_sum ?? 0);
      tally.scoreSum += Number(row.score_sum ?? 0);
      tally.scored += Number(row.scored ?? 0);
      for (const name of FLAG_FILTERS) if (bitsHold(bits, name)) tally.flags[name] += n;
    }
    return [...tallies.values()];
  };

  /** A row of `tallyQuery` as a tally. */
  const tallyOf = (row: TallyRow, versions: Map<string, CourseVersion>): CourseTally => {
    const tally = emptyTally(row.course_document_id ?? null, versions);
    for (const state of ENROLLMENT_STATES) tally.counts[state] = Number(row[`n_${state}`] ?? 0);
    tally.approvedStarted = Number(row.approved_started ?? 0);
    tally.seatedProgress = Number(row.seated_progress ?? 0);
    tally.scoreSum = Number(row.score_sum ?? 0);
    tally.scored = Number(row.scored ?? 0);
    for (const name of FLAG_FILTERS) tally.flags[name] = Number(row[`f_${name}`] ?? 0);
    return tally;
  };

  return {
    /** How many enrollments match. */
    async count(filters: EnrollmentFilters, read: RowScope): Promise<number> {
      if (read.groupIds && read.groupIds.length === 0) return 0;
      if (read.groupIds === null && !narrows(filters)) {
        // Every enrollment in a group (the Super Admin's Enrollments page as it opens): the group link's
        // rows, counted without reading an enrollment row. The join below gives the same number (each link
        // row names an existing enrollment: its foreign key cascades), by a lookup per row of the site.
        const group = linkOf(strapi, ENROLLMENT_UID, 'group');
        const [{ n }] = await knex().from(group.table).count({ n: '*' });
        return Number(n);
      }
      const counted = filtered(filters, read.groupIds, {}, at(read).now).count({ n: '*' });
      const [{ n }] = read.groupIds
        ? await planned<{ n: number | string }>(counted, read.groupIds)
        : await counted;
      return Number(n);
    },

    /** One page of rows (see `pageRaw`). */
    async page(query: PageQuery, scope: RowScope): Promise<EnrollmentRow[]> {
      const read = at(scope);
      if (read.groupIds && read.groupIds.length === 0) return [];
      return toRows(await pageRaw(query, read), read);
    },

    /**
     * Totals and status mix material: the filtered rows summed per course by the database (the export's
     * summary, see `tallyQuery`).
     */
    async courseTallies(filters: EnrollmentFilters, scope: RowScope): Promise<CourseTally[]> {
      const read = at(scope);
      if (read.groupIds && read.groupIds.length === 0) return [];
      const rows = await planned<TallyRow>(tallyQuery(filters, read), read.groupIds);
      const versions = await courseVersionsOf(rows);
      return rows.map((row) => tallyOf(row, versions));
    },

    /**
     * The report's page and tallies of one request: both statements at once, then one read of course
     * versions for both (the page's courses are among the tallies').
     */
    async pageAndTallies(
      query: PageQuery,
      scope: RowScope
    ): Promise<{ rows: EnrollmentRow[]; tallies: CourseTally[] }> {
      const read = at(scope);
      if (read.groupIds && read.groupIds.length === 0) return { rows: [], tallies: [] };
      const [grouped, raw] = await Promise.all([
        planned<GroupedRow>(groupedQuery(query, read), read.groupIds),
        pageRaw(query, read),
      ]);
      const versions = await courseVersionsOf(grouped);
      return { rows: await toRows(raw, read, versions), tallies: talliesOf(grouped, versions) };
    },

    /**
     * Every filtered row, read in chunks by keyset on the id so that a 100,000-row export never holds
     * more than one chunk in memory.
     */
    async *stream(
      filters: EnrollmentFilters,
      scope: RowScope,
      chunkSize = 1000
    ): AsyncGenerator<ExportRow[], void, void> {
      const read = at(scope);
      if (read.groupIds && read.groupIds.length === 0) return;
      const versions = new Map<string, CourseVersion>();
      const paths: Paths = new Map();
      // The chunk's raw rows live only in here: a generator keeps its locals while it waits at `yield`,
      // which kept each chunk's raw rows alive beside its rows until the next chunk was asked for.
      const chunkAfter = async (lastId: number) => {
        const raw: RawRow[] = await chunkQuery(filters, read, chunkSize, lastId);
        if (raw.length === 0) return { rows: [], lastId, more: false };
        await Promise.all([courseVersionsOf(raw, versions), pathsOf(raw, read.scope, paths)]);
        // Read once per chunk: building the settings per row made garbage of every row of a large export.
        const limits = thresholds();
        return {
          rows: raw.map((r): ExportRow => rowOf(r, versions, read, toDate, paths, limits)),
          lastId: Number(raw[raw.length - 1].id),
          more: raw.length === chunkSize,
        };
      };
      let lastId = 0;
      for (;;) {
        const chunk = await chunkAfter(lastId);
        if (chunk.rows.length) yield chunk.rows;
        if (!chunk.more) return;
        lastId = chunk.lastId;
      }
    },

    /**
     * Every filtered row for a reader on a connection of its own (the export's worker thread): the
     * statement of one chunk (`chunkQuery`) in the database's own dialect, with the places of its two
     * keyset bindings (the last id read, 0 for the first chunk); what shaping a row needs; and `lookups`,
     * which reads the course versions and group paths of a chunk's rows that the reader does not know yet.
     * Null statement: the scope covers no group.
     */
    exportSource(filters: EnrollmentFilters, scope: RowScope, chunkSize: number) {
      const read = at(scope);
      const native = (lastId: number) => chunkQuery(filters, read, chunkSize, lastId).toSQL().toNative();
      const first = native(0);
      const second = native(1);
      // The keyset bindings are those that follow the last id: every other binding is the same in both.
      const keyset = first.bindings.flatMap((value, i) =>
        value === 0 && second.bindings[i] === 1 ? [i] : []
      );
      if (first.sql !== second.sql || keyset.length === 0) {
        throw new Error('The export statement does not take the last id read as a binding.');
      }
      const none = Boolean(read.groupIds && read.groupIds.length === 0);
      const context: RowContext & { limits: FlagThresholds; scoped: boolean } = {
        now: read.now,
        manageable: read.manageable,
        userFields: read.userFields,
        limits: thresholds(),
        scoped: Boolean(read.scope),
      };
      return {
        statement: none ? null : { sql: first.sql, bindings: [...first.bindings], keyset },
        context,
        async lookups(need: { courses: string[]; groups: Array<[number, string]> }) {
          const [versions, paths] = await Promise.all([
            need.courses.length ? courses.versions(knex(), need.courses) : new Map<string, CourseVersion>(),
            read.scope ? treePaths(read.scope, new Map(need.groups)) : new Map<number, string>(),
          ]);
          return { versions: [...versions], paths: [...paths] };
        },
      };
    },

    /**
     * Every enrollment of one learner (users-permissions row id) in the groups `scope` covers, newest
     * first, each with its row id: the learner page.
     */
    async ofLearner(learnerId: number, scope: RowScope): Promise<Array<EnrollmentRow & { id: number }>> {
      const read = at(scope);
      if (read.groupIds && read.groupIds.length === 0) return [];
      const group = linkOf(strapi, ENROLLMENT_UID, 'group');
      const query = allRows('requested').where('l.id', learnerId).orderBy('e.id', 'desc');
      if (read.groupIds) query.whereIn(`eg.${group.targetColumn}`, read.groupIds);
      const raw: RawRow[] = await query;
      const rows = await toRows(raw, read);
      return rows.map((row, index) => ({ ...row, id: Number(raw[index].id) }));
    },

    /** One enrollment's row and its group id, whoever asks; null when there is none. */
    async findByDocumentId(
      documentId: string,
      manageable: number[] | null,
      scope?: Scope
    ): Promise<{ groupId: number; row: EnrollmentRow } | null> {
      const raw: RawRow | undefined = await allRows('requested').where(E('documentId'), documentId).first();
      if (!raw) return null;
      const [row] = await toRows([raw], at({ groupIds: null, manageable, scope }));
      return { groupId: Number(raw.group_id), row };
    },
  };
};

export type EnrollmentRowsRepository = ReturnType<typeof enrollmentRowsRepository>;
