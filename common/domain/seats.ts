/** Seat accounting (SPEC §3): approving past the seat limit waitlists, or is refused in strict mode. */
export interface SeatDecision {
  outcome: 'approve' | 'waitlist' | 'refuse';
  seatsLeft: number | null;
}

export const decideApproval = (
  seatLimit: number | null | undefined,
  seatsUsed: number,
  strict: boolean
): SeatDecision => {
  if (seatLimit === null || seatLimit === undefined) return { outcome: 'approve', seatsLeft: null };
  const left = seatLimit - seatsUsed;
  if (left > 0) return { outcome: 'approve', seatsLeft: left - 1 };
  return { outcome: strict ? 'refuse' : 'waitlist', seatsLeft: 0 };
};

/** Splits a batch of approvals into those that get a seat and those that go to the waitlist. */
export const allocateSeats = <T>(
  candidates: readonly T[],
  seatLimit: number | null | undefined,
  seatsUsed: number
): { approved: T[]; overflow: T[] } => {
  if (seatLimit === null || seatLimit === undefined) return { approved: [...candidates], overflow: [] };
  const free = Math.max(0, seatLimit - seatsUsed);
  return { approved: candidates.slice(0, free), overflow: candidates.slice(free) };
};
