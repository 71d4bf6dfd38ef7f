import type { EnrollmentState, HistoryEntry } from './enrollment-status';

/**
 * An enrollment's history as a manager reads it: who decided, when, from which state to which, and why.
 * The history stores who acted as a label (`admin:<id>`, or `admin:<id>/token:<id>` when the admin acted
 * through an admin token such as an AI agent's over MCP; `learner:<id>`, `lms`, `system`, see
 * server/src/utils/actor.ts); this module turns the labels into kinds and ids, and the entries into a
 * timeline, oldest first. Names are looked up by the caller (admins by id) and passed in.
 */

export const TIMELINE_ACTOR_KINDS = ['admin', 'learner', 'lms', 'system', 'unknown'] as const;
export type TimelineActorKind = (typeof TIMELINE_ACTOR_KINDS)[number];

export interface HistoryActorRef {
  kind: TimelineActorKind;
  /** The admin's or learner's id; null for the LMS, the system, unknown actors and a bare `learner`. */
  id: number | null;
  /** The admin token the admin acted through; null when they acted in person (or for any other kind). */
  tokenId: number | null;
}

/**
 * Who a history label names; anything unreadable (an old or hand-edited entry) is `unknown`. A bare
 * `learner` (seeded or imported histories) is the enrollment's own learner.
 */
export const parseHistoryActor = (by: unknown): HistoryActorRef => {
  if (by === 'lms' || by === 'system') return { kind: by, id: null, tokenId: null };
  if (by === 'learner') return { kind: 'learner', id: null, tokenId: null };
  if (typeof by === 'string') {
    const admin = /^admin:(\d+)(?:\/token:(\d+))?$/.exec(by);
    if (admin) return { kind: 'admin', id: Number(admin[1]), tokenId: admin[2] ? Number(admin[2]) : null };
    const learner = /^learner:(\d+)$/.exec(by);
    if (learner) return { kind: 'learner', id: Number(learner[1]), tokenId: null };
  }
  return { kind: 'unknown', id: null, tokenId: null };
};

export interface TimelineEntry {
  at: string;
  /** `token`: the admin token's name when the admin acted through one (`#<id>` once it is deleted). */
  by: { kind: TimelineActorKind; name: string | null; token?: string };
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

const historyActors = (histories: readonly unknown[]): HistoryActorRef[] =>
  histories.flatMap((history) =>
    Array.isArray(history) ? history.map((entry) => parseHistoryActor(isEntry(entry) ? entry.by : null)) : []
  );

/** The admin ids a history names, to look their names up in one query. */
export const historyAdminIds = (histories: readonly unknown[]): number[] => [
  ...new Set(
    historyActors(histories).flatMap((actor) =>
      actor.kind === 'admin' && actor.id !== null ? [actor.id] : []
    )
  ),
];

/** The admin tokens a history names, to look their names up in one query. */
export const historyTokenIds = (histories: readonly unknown[]): number[] => [
  ...new Set(historyActors(histories).flatMap((actor) => (actor.tokenId !== null ? [actor.tokenId] : []))),
];

/**
 * The timeline of one history, oldest first (entries that are not history entries are left out).
 * `adminName(id)` names an admin (null when unknown); `learnerName` is the enrollment's own learner: a
 * `learner:<id>` label of anyone else is shown without a name.
 */
export const timelineOf = (
  history: unknown,
  names: {
    adminName: (id: number) => string | null;
    learnerId: number | null;
    learnerName: string | null;
    /** An admin token's name; null once the token is deleted. Absent: tokens are not named. */
    tokenName?: (id: number) => string | null;
  }
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
      const by: TimelineEntry['by'] = { kind: actor.kind, name };
      if (actor.tokenId !== null) by.token = names.tokenName?.(actor.tokenId) ?? `#${actor.tokenId}`;
      const item: TimelineEntry = {
        at: entry.at,
        by,
        from: entry.from ?? null,
        to: entry.to,
        reason: entry.reason ?? null,
      };
      if (entry.dueAt !== undefined) item.dueAt = entry.dueAt;
      return item;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};
