/**
 * Invitation contracts for the site's front end (Content API, no login): the page behind the plugin's
 * `invitationUrl` reads the token from its address, shows who is invited, and posts the chosen password.
 */
import { z } from 'zod';
import { singleLineTextSchema, withoutControlCharacters } from './shared';

/** bcrypt reads at most 72 bytes of a password. */
export const PASSWORD_LIMITS = { min: 8, max: 72 } as const;

const tokenSchema = singleLineTextSchema
  .min(20, 'is not an invitation token')
  .max(200, 'is not an invitation token');

export const checkInvitationBodySchema = z.object({ token: tokenSchema }).strict();

export const acceptInvitationBodySchema = z
  .object({
    token: tokenSchema,
    // Not trimmed: a password is taken as typed.
    password: withoutControlCharacters(z.string())
      .min(PASSWORD_LIMITS.min, `must be at least ${PASSWORD_LIMITS.min} characters`)
      .max(PASSWORD_LIMITS.max, `must be at most ${PASSWORD_LIMITS.max} characters`)
      .optional(),
  })
  .strict();

export type CheckInvitationBody = z.infer<typeof checkInvitationBodySchema>;
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBodySchema>;

export interface InvitationInfo {
  email: string;
  username: string;
  group: { documentId: string; name: string };
  /** False when the account already has a password (it was invited to another group before). */
  needsPassword: boolean;
  expiresAt: string;
}

export interface CheckInvitationResponse {
  data: InvitationInfo;
}

export interface AcceptInvitationResponse {
  /** A users-permissions JWT, so the site can sign the learner in straight away. */
  jwt: string;
  user: { id: number; documentId: string; username: string; email: string };
  groups: Array<{ documentId: string; name: string }>;
}
