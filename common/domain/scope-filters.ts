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

export const scopeFilter = (
  subject: ScopedSubject,
  groupIds: readonly number[],
  courseDocumentIds: readonly string[] = []
): ScopeFilter => {
  switch (subject) {
    case 'group':
      return groupIds.length ? { id: { $in: [...groupIds] } } : { ...MATCH_NOTHING };
    case 'enrollment':
    case 'group-manager':
      return groupIds.length ? { 'group.id': { $in: [...groupIds] } } : { ...MATCH_NOTHING };
    case 'learner':
      return groupIds.length
        ? { [`${LEARNER_GROUPS_ATTRIBUTE}.id`]: { $in: [...groupIds] } }
        : { ...MATCH_NOTHING };
    case 'course':
      return courseDocumentIds.length
        ? { documentId: { $in: [...courseDocumentIds] } }
        : { ...MATCH_NOTHING };
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
