/**
 * Sub-groups: a group may sit under a parent group, and a GroupManager link may reach the sub-groups of its
 * group. Pure rules: where a group may be placed, how a manager's links spread over the tree, and the path
 * that names a group. The server reads the tree in one recursive SQL statement (services/scope.ts) that
 * follows `expandLinksOverTree`; tests compare the two.
 */
import { RIGHTS, type ManagerLink, type Right } from './rights';

/** How deep groups nest when the site owner sets nothing (a root is level 1). */
export const DEFAULT_MAX_GROUP_DEPTH = 5;

/** The separator of a group's path, "Amsterdam › ICU › Night shift". */
export const PATH_SEPARATOR = ' › ';

/** A GroupManager link as the tree sees it: its group, its rights and whether it reaches the sub-groups. */
export interface TreeLink extends ManagerLink {
  includesSubGroups: boolean;
}

/**
 * Names compared as `localeCompare` does, with one collator: `localeCompare` builds one per call, which
 * made ordering the 5,227 groups of a 1,000,000-enrollment site cost tens of milliseconds per request.
 */
const byName = new Intl.Collator();

/** Adds to a list in a map in place: copying the list on every append made a flat tree quadratic. */
const appendTo = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** child id → parent id (roots are absent or map to null). */
export type ParentOf = ReadonlyMap<number, number | null>;

/**
 * Every (group, rights) pair a manager's links give: each link on its own group and, when it includes
 * sub-groups, on every descendant. A group reached by several links keeps one entry per link, so the union
 * of rights per group (`hasRight`) is the union of the links that reach it — never more.
 */
export const expandLinksOverTree = (links: readonly TreeLink[], parentOf: ParentOf): ManagerLink[] => {
  const childrenOf = new Map<number, number[]>();
  for (const [child, parent] of parentOf) {
    if (parent === null || parent === undefined) continue;
    appendTo(childrenOf, parent, child);
  }
  const out: ManagerLink[] = [];
  for (const link of links) {
    const seen = new Set<number>();
    const queue = [link.groupId];
    // An index into the queue, not shift(): shifting a long array moves every entry left each time.
    for (let next = 0; next < queue.length; next++) {
      const groupId = queue[next];
      // A cycle in stored data must not loop forever (the write path refuses one, but rows can be edited).
      if (seen.has(groupId)) continue;
      seen.add(groupId);
      out.push({ groupId, rights: link.rights });
      if (link.includesSubGroups) queue.push(...(childrenOf.get(groupId) ?? []));
    }
  }
  return out;
};

/** The union of the rights `links` give in one group (what `hasRight` answers right by right). */
export const rightsIn = (links: readonly ManagerLink[], groupId: number): Right[] =>
  RIGHTS.filter((right) => links.some((link) => link.groupId === groupId && link.rights[right]));

/** The ancestors of a group, nearest first; stops at a cycle. */
export const ancestorsOf = (groupId: number, parentOf: ParentOf): number[] => {
  const out: number[] = [];
  let current = parentOf.get(groupId) ?? null;
  while (current !== null && !out.includes(current) && current !== groupId) {
    out.push(current);
    current = parentOf.get(current) ?? null;
  }
  return out;
};

/** What the write path knows when a group is placed under a parent (or moved to the top). */
export interface Placement {
  groupName: string;
  /** null for a group being created: it has no sub-groups and cannot be its own ancestor. */
  groupId: number | null;
  parent: {
    id: number;
    name: string;
    archived: boolean;
    /** The parent's own ancestors, nearest first. */
    ancestorIds: readonly number[];
  } | null;
  /** Levels of the group's own subtree, counting the group (1 for a group without sub-groups). */
  subtreeHeight: number;
  maxDepth: number;
}

/** Why a group cannot be placed there, as a sentence; null when it can. */
export const placementProblem = (placement: Placement): string | null => {
  const { parent, groupId, groupName, maxDepth } = placement;
  if (!parent) return null;
  if (groupId !== null && (parent.id === groupId || parent.ancestorIds.includes(groupId))) {
    return `The group "${groupName}" cannot be placed under itself or under one of its own sub-groups.`;
  }
  if (parent.archived) {
    return `The group "${parent.name}" is archived: choose an active parent group.`;
  }
  const depth = parent.ancestorIds.length + 1 + placement.subtreeHeight;
  if (depth > maxDepth) {
    return `Groups nest at most ${maxDepth} levels deep; placing "${groupName}" under "${parent.name}" would make ${depth}.`;
  }
  return null;
};

/** Why a group cannot be archived, as a sentence; null when it can. */
export const archiveProblem = (activeChildren: number): string | null =>
  activeChildren > 0
    ? `This group has ${activeChildren} active sub-group${activeChildren === 1 ? '' : 's'}: archive ${
        activeChildren === 1 ? 'it' : 'them'
      } first.`
    : null;

/**
 * A group's name with the names of its ancestors that the reader may see, "Amsterdam › ICU › Night shift".
 * The path stops below the first ancestor the reader may not see, so it never names a group outside their
 * scope (a manager of a child reads only the child's name).
 */
export const groupPath = (
  groupId: number,
  parentOf: ParentOf,
  nameOf: (id: number) => string | undefined,
  visible: (id: number) => boolean
): string => {
  const names = [nameOf(groupId) ?? ''];
  for (const ancestor of ancestorsOf(groupId, parentOf)) {
    if (!visible(ancestor)) break;
    names.unshift(nameOf(ancestor) ?? '');
  }
  return names.join(PATH_SEPARATOR);
};

/** Orders paths as a tree: a parent right before its sub-groups, siblings by name. */
export const comparePaths = (a: string, b: string): number => {
  const left = a.split(PATH_SEPARATOR);
  const right = b.split(PATH_SEPARATOR);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = byName.compare(left[i], right[i]);
    if (order !== 0) return order;
  }
  return left.length - right.length;
};

/** A group as the tree orders it: its name and its parent (null at the top). */
export interface TreeRow {
  id: number;
  name: string;
  parentId: number | null;
}

/**
 * The groups in tree order, as one list: each parent right before its sub-groups, siblings by name (then
 * id, so groups of the same name keep their own sub-groups together). A group whose parent is not among
 * `rows` (outside the reader's scope) starts a tree of its own. Pages cut from this list keep the order
 * across pages.
 */
export const treeOrder = (rows: readonly TreeRow[]): number[] => {
  const known = new Set(rows.map((row) => row.id));
  const childrenOf = new Map<number | null, TreeRow[]>();
  for (const row of rows) {
    const parent = row.parentId !== null && known.has(row.parentId) ? row.parentId : null;
    appendTo(childrenOf, parent, row);
  }
  const bySiblingOrder = (a: TreeRow, b: TreeRow) => byName.compare(a.name, b.name) || a.id - b.id;
  const out: number[] = [];
  const seen = new Set<number>();
  const visit = (parent: number | null) => {
    for (const row of [...(childrenOf.get(parent) ?? [])].sort(bySiblingOrder)) {
      if (seen.has(row.id)) continue; // a cycle in hand-edited rows
      seen.add(row.id);
      out.push(row.id);
      visit(row.id);
    }
  };
  visit(null);
  // Rows caught in a cycle have no way down from a top group: they still appear, by name.
  for (const row of [...rows].sort(bySiblingOrder)) if (!seen.has(row.id)) out.push(row.id);
  return out;
};

/** Every group below `groupId` among `rows` (at any depth), not counting the group itself. */
export const descendantsAmong = (groupId: number, rows: readonly TreeRow[]): number[] => {
  const childrenOf = new Map<number, number[]>();
  for (const row of rows) {
    if (row.parentId === null) continue;
    appendTo(childrenOf, row.parentId, row.id);
  }
  const out: number[] = [];
  const seen = new Set([groupId]);
  const queue = [...(childrenOf.get(groupId) ?? [])];
  for (let next = 0; next < queue.length; next++) {
    const id = queue[next];
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    queue.push(...(childrenOf.get(id) ?? []));
  }
  return out;
};
