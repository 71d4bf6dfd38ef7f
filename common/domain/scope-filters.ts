/**
 * The query filters that limit each content type to a scope. Pure: the caller resolves the group
 * ids (and, for courses, the course documentIds) of the scope; these functions only say how each type
 * reaches its group. Keys are dotted (`group.id`) because Strapi applies a condition both as an SQL filter
 * (lists) and in memory to a loaded record (findOne, update, delete), and only the dotted form matches in both.
 */
/** The attribute the plugin adds to users-permissions users: the groups a learner is a member of. */
export const LEARNER_GROUPS_ATTRIBUTE = 'groups';

export type ScopedSubject = 'group' | 'enrollment' | 'group-manager' | 'learner' | 'course';

/** Matches no row, in SQL and in memory. An empty scope must never fall back to `{}` (every row). */
export const MATCH_NOTHING = Object.freeze({ id: { $in: [] as number[] } });

export type ScopeFilter = Record<string, unknown>;

/** What a scope resolves to, as far as the filters need it. */
export interface ScopeIds {
  groupIds: readonly number[];
  /** documentIds of the courses linked to those groups. */
  courseDocumentIds?: readonly string[];
  /** Ids of the users who are members of those groups. */
  learnerIds?: readonly number[];
}

const idsIn = (key: string, ids: readonly (number | string)[] | undefined): ScopeFilter =>
  ids && ids.length ? { [key]: { $in: [...ids] } } : { ...MATCH_NOTHING };

export const scopeFilter = (subject: ScopedSubject, scope: ScopeIds): ScopeFilter => {
  switch (subject) {
    case 'group':
      return idsIn('id', scope.groupIds);
    case 'enrollment':
    case 'group-manager':
      return idsIn('group.id', scope.groupIds);
    // Learners and courses are matched by their own ids: the users-permissions Content Manager
    // controller checks a loaded user without its relations, so a relation key would never match there.
    case 'learner':
      return idsIn('id', scope.learnerIds);
    case 'course':
      return idsIn('documentId', scope.courseDocumentIds);
  }
};

/**
 * The learner condition stated as the membership it stands for, `{ 'groups.id': { $in: <groups> } }`:
 * the same rows as the list of every member of those groups, without reading that list. Only for checks
 * made in SQL or on a user loaded with its groups; a user loaded without them never matches it.
 */
export const learnerMembershipFilter = (groupIds: readonly number[]): ScopeFilter =>
  idsIn(`${LEARNER_GROUPS_ATTRIBUTE}.id`, groupIds);

/**
 * The same filter with dotted keys expanded (`{ group: { id: ... } }`), the form Strapi's query filters take
 * when the filter is nested under a relation.
 */
export const nestedFilter = (filter: ScopeFilter): ScopeFilter => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      node[part] = (node[part] as Record<string, unknown>) ?? {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
};

/** A filter object as Strapi's query params carry them (not an array, a Date or a knex subquery). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A learner filter with each `{ id: { $in: <the members of some groups> } }` replaced by the membership
 * itself, `{ groups: { id: { $in: <those groups> } } }`. The learner condition must name ids (the Content
 * Manager checks a loaded user, without its groups, against it in memory), but in SQL a list of every member
 * of a manager's groups is thousands of bound values: slow as a populate filter (SQLite then loops over every
 * pair of enrollment and listed learner) and over SQLite's 32,766-variable limit for a large scope.
 * `groupsOf` says which groups a list stands for (`null`: a list of its own, left alone). Only where a row
 * must match (the root, `$and`, `$or`); never under `$not`, where "a member of one of these groups" and
 * "not in that list" would part ways for a learner who is also in other groups.
 */
export const membershipForLearnerLists = (
  filter: unknown,
  groupsOf: (ids: readonly unknown[]) => readonly number[] | null
): unknown => {
  if (Array.isArray(filter)) return filter.map((sub) => membershipForLearnerLists(sub, groupsOf));
  if (!isPlainObject(filter)) return filter;
  const out: Record<string, unknown> = {};
  const added: ScopeFilter[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      out[key] = membershipForLearnerLists(value, groupsOf);
      continue;
    }
    const list =
      key === 'id' && isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.$in)
        ? value.$in
        : null;
    const groupIds = list && list.length > 0 ? groupsOf(list) : null;
    if (groupIds) added.push({ [LEARNER_GROUPS_ATTRIBUTE]: { id: { $in: [...groupIds] } } });
    else out[key] = value;
  }
  if (added.length > 0) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...added];
  return out;
};
