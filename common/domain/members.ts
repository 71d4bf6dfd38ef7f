/**
 * What a member's account may hold: the limits the members routes, the member import and the admin forms
 * all apply, and what counts as an email address.
 */
import { z } from 'zod';
import { hasRight, type Scope } from './rights';

export const MEMBER_LIMITS = {
  /** RFC 5321 caps an address at 254 characters. */
  email: 254,
  usernameMin: 3,
  username: 100,
  subject: 200,
  body: 20000,
  /** Rows one import file may hold; a larger class list is split into several files. */
  importRows: 5000,
  /** Bytes of one uploaded import file. */
  importBytes: 5 * 1024 * 1024,
  /** Members one message may name explicitly. */
  selectedRecipients: 5000,
} as const;

const emailAddress = z.string().email();

/** zod's email rule, which the members' request schemas apply too, for callers that hold a plain string. */
export const isEmailAddress = (text: string): boolean => emailAddress.safeParse(text).success;

/**
 * Whether a manager may change a learner's sign-in (username, email): only when they manage the members of
 * every group the learner belongs to, so one group's manager cannot take over an account other groups (and
 * the rest of the site) rely on. The members list and the write path read this same rule.
 */
export const mayEditAccount = (scope: Scope, learnerGroupIds: readonly number[]): boolean =>
  scope.all || learnerGroupIds.every((groupId) => hasRight(scope, groupId, 'manageMembers'));
