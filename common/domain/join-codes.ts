/**
 * Join codes: what a code looks like, how a typed code is read, and what state a stored code is in. Pure
 * rules shared by the server (which stores only a code's hash) and the Members page (which shows states).
 */

/**
 * Crockford's base32 without I, L, O and U: nothing a learner can misread when typing it from a slide.
 * 20 characters of 32 symbols are 100 bits: with attempts limited per user and per address, guessing is
 * out of reach.
 */
export const JOIN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE_LENGTH = 20;
/** Characters kept in clear beside a stored code, so a manager can tell codes apart in the list. */
export const JOIN_CODE_PREFIX_LENGTH = 4;

export const JOIN_CODE_LIMITS = {
  label: 100,
  maxUses: 100_000,
  /** A code expires at most this many days ahead. */
  expiryDays: 366,
} as const;

/** The one answer to a code that is unknown, expired, used up, disabled or of an archived group. */
export const INVALID_JOIN_CODE_TEXT =
  'This join code is not valid. Check it with the person who gave it to you.';

/** Turns random bytes (at least JOIN_CODE_LENGTH of them) into a code, grouped by four for reading. */
export const joinCodeFromBytes = (bytes: Uint8Array): string => {
  if (bytes.length < JOIN_CODE_LENGTH) throw new Error('joinCodeFromBytes needs more random bytes');
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every symbol equally likely.
  const symbols = Array.from(bytes.slice(0, JOIN_CODE_LENGTH), (b) => JOIN_CODE_ALPHABET[b % 32]);
  return symbols.join('').replace(/(.{4})(?=.)/g, '$1-');
};

/**
 * A code as typed: case, spaces and dashes do not matter, and the letters a reader may take for digits
 * (O, I, L) are read as the digits they stand for. Returns null when the text cannot be a code at all.
 */
export const normalizeJoinCode = (typed: string): string | null => {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== JOIN_CODE_LENGTH) return null;
  return [...plain].every((c) => JOIN_CODE_ALPHABET.includes(c)) ? plain : null;
};

export const JOIN_CODE_STATES = ['active', 'expired', 'used-up', 'disabled'] as const;
export type JoinCodeState = (typeof JOIN_CODE_STATES)[number];

export interface StoredJoinCode {
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  disabledAt: string | null;
}

/** Disabled wins over expired, expired over used up: the reason a manager can act on first. */
export const joinCodeState = (code: StoredJoinCode, now: Date): JoinCodeState => {
  if (code.disabledAt) return 'disabled';
  if (code.expiresAt && new Date(code.expiresAt).getTime() <= now.getTime()) return 'expired';
  if (code.maxUses !== null && code.uses >= code.maxUses) return 'used-up';
  return 'active';
};

/** The fixed window an attempt counts in: the same number on every node for the same instant. */
export const attemptPeriod = (now: Date, windowMinutes: number): number =>
  Math.floor(now.getTime() / (windowMinutes * 60_000));
