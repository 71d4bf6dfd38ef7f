import type { EnrollmentRow } from '../../../common/contracts/report';
import type { BulkTransitionItemResult } from '../../../common/contracts/enrollment';
import { SEAT_STATES } from '../../../common/domain/enrollment-status';
import { useOverviewGroups } from '../api/groups';

/** A full group of an approval the manager is asked about: its seats and how many more the approval needs. */
export interface FullGroup {
  documentId: string;
  name: string;
  used: number;
  limit: number;
  needed: number;
}

/** An approval that would pass a group's seat limit, waiting for the manager's choice. */
export interface SeatQuestion {
  documentIds: string[];
  groups: FullGroup[];
}

/** The seats of a refused approval, as the server's 409 or a bulk item carries them. */
export const seatsOfError = (error: unknown): { used: number; limit: number } | null => {
  const details = (error as { details?: { code?: string; seats?: { used: number; limit: number } } })
    ?.details;
  return details?.code === 'SEAT_LIMIT' && details.seats ? details.seats : null;
};

/**
 * Whether an approval fits the seats of its groups, read from the overview's counts of the listed rows'
 * groups: the question to ask before approving, or null when every group has room (or its seats are unknown
 * here; the server then answers with a 409 that asks the same).
 */
export const useSeatCheck = (listed: EnrollmentRow[]) => {
  const groups = useOverviewGroups(listed.map((row) => row.group.documentId));

  const groupOf = (documentId: string) => groups.find((group) => group.documentId === documentId);

  /** The question for approving `rows`, or null when they fit. */
  const before = (rows: EnrollmentRow[]): SeatQuestion | null => {
    const needed = new Map<string, number>();
    for (const row of rows) {
      if (SEAT_STATES.includes(row.state)) continue;
      needed.set(row.group.documentId, (needed.get(row.group.documentId) ?? 0) + 1);
    }
    const full: FullGroup[] = [];
    for (const [documentId, count] of needed) {
      const group = groupOf(documentId);
      if (!group || group.seatLimit === null) continue;
      if (group.seatsUsed + count > group.seatLimit) {
        full.push({
          documentId,
          name: group.name,
          used: group.seatsUsed,
          limit: group.seatLimit,
          needed: count,
        });
      }
    }
    return full.length ? { documentIds: rows.map((row) => row.documentId), groups: full } : null;
  };

  /** The question after the server refused some approvals for want of a seat (one 409 or bulk items). */
  const after = (
    refused: Array<Pick<BulkTransitionItemResult, 'documentId' | 'seats'>>,
    rows: EnrollmentRow[]
  ): SeatQuestion | null => {
    const byGroup = new Map<string, FullGroup>();
    for (const item of refused) {
      const row = rows.find((r) => r.documentId === item.documentId);
      if (!row || !item.seats) continue;
      const known = byGroup.get(row.group.documentId);
      byGroup.set(row.group.documentId, {
        documentId: row.group.documentId,
        name: row.group.name,
        used: Math.max(known?.used ?? 0, item.seats.used),
        limit: item.seats.limit,
        needed: (known?.needed ?? 0) + 1,
      });
    }
    return byGroup.size
      ? { documentIds: refused.map((item) => item.documentId), groups: [...byGroup.values()] }
      : null;
  };

  return { before, after };
};
