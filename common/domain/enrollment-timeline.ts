import type { EnrollmentState, HistoryEntry } from './enrollment-status';

/**
 * An enrollment's history as a manager reads it: who decided, when, from which state to which, and why.
 * The history stores who acted as a label (`admin:<id>`, `learner:<id>`, `lms`, `system`, see
 * server/src/utils/actor.ts); this module turns the labels into kinds and ids, and the entries into a
 * timeline, oldest first. Names are looked up by the caller (admins by id) and passed in.
 */

export const TIMELINE_ACTOR_KINDS = ['admin', 'learner', 'lms', 'system', 'unknown'] as const;
export type TimelineActorKind = (typeof TIMELINE_ACTOR_KINDS)[number];

export interface HistoryActorRef {
  kind: TimelineActorKind;
  /** The admin's or learner's id; null for the LMS, the system, unknown actors and a bare `learner`. */
  id: number | null;
}

/**
 * Who a history label names; anything unreadable (an old or hand-edited entry) is `unknown`. A bare
 * `learner` (seeded or imported histories) is the enrollment's own learner.
 */
export const parseHistoryActor = (by: unknown): HistoryActorRef => {
  if (by === 'lms' || by === 'system') return { kind: by, id: null };
  if (by === 'learner') return { kind: 'learner', id: null };
  if (typeof by === 'string') {
    const match = /^(admin|learner):(\d+)$/.exec(by);
    if (match) return { kind: match[1] as 'admin' | 'learner', id: Number(match[2]) };
  }
  return { kind: 'unknown', id: null };
};

export interface TimelineEntry {
  at: string;
  by: { kind: TimelineActorKind; name: string | null };
  from: EnrollmentState | null;
  to: EnrollmentState;
  reason: string | null;
  /** A change of the due date: the new one (null: cleared). Absent on state changes. */
  dueAt?: string | null;
}

const isEntry = (value: unknown): value is HistoryEntry =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as HistoryEntry).at === 'string' &&
  typeof (value as HistoryEntry).to === 'string';

/** The admin ids a history names, to look their names up in one query. */
export const historyAdminIds = (histories: readonly unknown[]): number[] => {
  const ids = new Set<number>();
  for (const history of histories) {
    if (!Array.isArray(history)) continue;
    for (const entry of history) {
      const actor = parseHistoryActor(isEntry(entry) ? entry.by : null);
      if (actor.kind === 'admin' && actor.id !== null) ids.add(actor.id);
    }
  }
  return [...ids];
};

/**
 * The timeline of one history, oldest first (entries that are not history entries are left out).
 * `adminName(id)` names an admin (null when unknown); `learnerName` is the enrollment's own learner: a
 * `learner:<id>` label of anyone else is shown without a name.
 */
export const timelineOf = (
  history: unknown,
  names: { adminName: (id: number) => string | null; learnerId: number | null; learnerName: string | null }
): TimelineEntry[] => {
  if (!Array.isArray(history)) return [];
  return history
    .filter(isEntry)
    .map((entry) => {
      const actor = parseHistoryActor(entry.by);
      const name =
        actor.kind === 'admin' && actor.id !== null
          ? names.adminName(actor.id)
          : actor.kind === 'learner' && (actor.id === null || actor.id === names.learnerId)
            ? names.learnerName
            : null;
      const item: TimelineEntry = {
        at: entry.at,
        by: { kind: actor.kind, name },
        from: entry.from ?? null,
        to: entry.to,
        reason: entry.reason ?? null,
      };
      if (entry.dueAt !== undefined) item.dueAt = entry.dueAt;
      return item;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};
