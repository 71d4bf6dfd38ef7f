/**
 * The query filters that limit each content type to a scope (SPEC §4). Pure: the caller resolves the group
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
