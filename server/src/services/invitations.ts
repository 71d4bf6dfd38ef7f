import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type { AcceptInvitationBody, InvitationInfo } from '../../../common/contracts/invitations';
import type { PendingInvitation } from '../../../common/contracts/members';
import { INVITATION_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { addGroupMembers, appendLinks } from '../utils/links';
import { INVITATION_KIND } from '../../../common/domain/email-kinds';
import { localesByEmail } from '../utils/learner-locale';
import { sendEach, type OutgoingEmail } from '../utils/mailer';
import type { GroupRef } from './access';

/** How long an invitation link stays valid; a manager can send a fresh one at any time. */
export const INVITATION_TTL_DAYS = 14;

export type { GroupRef };

export interface Inviter {
  id: number;
  name: string;
  email: string | null;
}

export interface InvitationToSend {
  email: string;
  token: string;
  expiresAt: string;
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('base64url');

const invitationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'settings').current();

  const invitationLink = (token: string) => {
    const base = config().invitationUrl as string;
    return `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  };

  return {
    /** Invitations need a page of the site to land on; refuse before anything is written without one. */
    assertConfigured() {
      if (!config().invitationUrl) {
        throw new errors.ValidationError(
          'Invitations are switched off: the site owner must set the invitation URL (invitationUrl) in Settings → Groups or in config/plugins (the page of the site where invited learners choose their password).'
        );
      }
    },

    /**
     * Creates (or renews) the pending invitations of accounts to one group inside the caller's
     * transaction and returns the tokens to email once it has committed. Only the token's hash is stored.
     */
    async createMany(
      trx: Knex.Transaction,
      group: GroupRef,
      inviter: Inviter,
      accounts: ReadonlyArray<{ userId: number; email: string }>
    ): Promise<InvitationToSend[]> {
      if (accounts.length === 0) return [];
      const now = new Date();
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600 * 1000).toISOString();
      // One pending invitation per account and group: a new one replaces the old link.
      const userIds = accounts.map((a) => a.userId);
      const stale = await strapi.db.query(INVITATION_UID).findMany({
        where: { group: { id: group.id }, user: { id: { $in: userIds } }, acceptedAt: { $null: true } },
        select: ['id'],
      });
      if (stale.length > 0) {
        await strapi.db.query(INVITATION_UID).deleteMany({ where: { id: { $in: stale.map((s) => s.id) } } });
      }
      const tokens = accounts.map(() => newToken());
      const { ids } = await strapi.db.query(INVITATION_UID).createMany({
        data: accounts.map((account, i) => ({
          email: account.email,
          tokenHash: hashToken(tokens[i]),
          expiresAt,
          lastSentAt: now.toISOString(),
        })),
      });
      const invitationIds = ids.map(Number);
      const link = (attribute: string, targetOf: (i: number) => number) =>
        appendLinks(
          strapi,
          trx,
          INVITATION_UID,
          attribute,
          invitationIds.map((id, i) => [id, targetOf(i)] as const)
        );
      await link('group', () => group.id);
      await link('user', (i) => accounts[i].userId);
      await link('invitedBy', () => inviter.id);
      return accounts.map((account, i) => ({ email: account.email, token: tokens[i], expiresAt }));
    },

    /**
     * Emails invitations that were committed, each in the invited learner's language with the invitation
     * template of Settings → Groups; a failed send leaves the invitation pending to resend.
     */
    async send(group: GroupRef, inviter: Inviter, invitations: readonly InvitationToSend[]) {
      const templates = getService(strapi, 'email-templates');
      const locales = await localesByEmail(
        strapi,
        invitations.map((invitation) => invitation.email)
      );
      const emails: OutgoingEmail[] = await Promise.all(
        invitations.map(async (invitation) => ({
          to: invitation.email,
          ...(await templates.render(INVITATION_KIND, locales.get(invitation.email.toLowerCase()), {
            inviterName: inviter.name,
            groupName: group.name,
            invitationLink: invitationLink(invitation.token),
            expiresOn: invitation.expiresAt.slice(0, 10),
          })),
          ...(inviter.email ? { replyTo: inviter.email } : {}),
        }))
      );
      const result = await sendEach(strapi, emails);
      // The list says which invitations never reached the learner, in the relay's words, until one does.
      const rows = await strapi.db.query(INVITATION_UID).findMany({
        where: {
          group: { id: group.id },
          acceptedAt: { $null: true },
          email: { $in: invitations.map((invitation) => invitation.email) },
        },
        select: ['id', 'email'],
      });
      const reasons = new Map(result.failures.map((failure) => [failure.to, failure.reason]));
      const delivered = rows.filter((row) => !reasons.has(row.email)).map((row) => row.id);
      if (delivered.length > 0) {
        await strapi.db.query(INVITATION_UID).updateMany({
          where: { id: { $in: delivered } },
          data: { emailError: null },
        });
      }
      for (const row of rows.filter((candidate) => reasons.has(candidate.email))) {
        await strapi.db.query(INVITATION_UID).update({
          where: { id: row.id },
          data: { emailError: reasons.get(row.email) },
        });
      }
      return result;
    },

    /**
     * A fresh link for a pending invitation, for the manager to hand over another way when the email does
     * not arrive. The old link stops working (only one token hash is kept); the expiry date stays.
     */
    async newLink(groupId: number, documentId: string): Promise<{ link: string }> {
      this.assertConfigured();
      const invitation = await this.findPending(groupId, documentId);
      const token = newToken();
      await strapi.db.query(INVITATION_UID).update({
        where: { id: invitation.id },
        data: { tokenHash: hashToken(token) },
      });
      return { link: invitationLink(token) };
    },

    async listPending(groupId: number): Promise<PendingInvitation[]> {
      const rows = await strapi.db.query(INVITATION_UID).findMany({
        where: { group: { id: groupId }, acceptedAt: { $null: true } },
        select: ['documentId', 'email', 'expiresAt', 'lastSentAt', 'emailError'],
        populate: { user: { select: ['username'] } },
        orderBy: { lastSentAt: 'desc' },
      });
      const now = Date.now();
      return rows.map((row) => ({
        documentId: row.documentId,
        email: row.email,
        username: row.user?.username ?? '',
        expiresAt: new Date(row.expiresAt).toISOString(),
        lastSentAt: new Date(row.lastSentAt ?? row.expiresAt).toISOString(),
        expired: new Date(row.expiresAt).getTime() < now,
        emailError: row.emailError ?? null,
      }));
    },

    async findPending(groupId: number, documentId: string) {
      const invitation = await strapi.db.query(INVITATION_UID).findOne({
        where: { documentId, group: { id: groupId }, acceptedAt: { $null: true } },
        select: ['id', 'documentId', 'email'],
        populate: { user: { select: ['id', 'email', 'blocked'] } },
      });
      if (!invitation) throw new errors.NotFoundError('No pending invitation with that id in this group.');
      return invitation as { id: number; documentId: string; email: string; user?: { id: number } | null };
    },

    async revoke(groupId: number, documentId: string) {
      const invitation = await this.findPending(groupId, documentId);
      await strapi.db.query(INVITATION_UID).delete({ where: { id: invitation.id } });
    },

    /** Who a token invites, so the site's confirmation page can greet the learner before they choose a password. */
    async check(token: string): Promise<InvitationInfo> {
      const invitation = await this.loadByToken(token);
      return {
        email: invitation.user.email,
        username: invitation.user.username,
        group: { documentId: invitation.group.documentId, name: invitation.group.name },
        needsPassword: !invitation.user.password,
        expiresAt: new Date(invitation.expiresAt).toISOString(),
      };
    },

    async loadByToken(token: string) {
      const invitation = await strapi.db.query(INVITATION_UID).findOne({
        where: { tokenHash: hashToken(token) },
        populate: {
          user: { select: ['id', 'documentId', 'username', 'email', 'password', 'confirmed', 'blocked'] },
          group: { select: ['id', 'documentId', 'name', 'archivedAt'] },
        },
      });
      if (!invitation || invitation.acceptedAt || !invitation.user || !invitation.group) {
        throw new errors.ValidationError('This invitation link is not valid or has been used already.');
      }
      if (new Date(invitation.expiresAt).getTime() < Date.now()) {
        throw new errors.ValidationError(
          'This invitation link has expired: ask your group manager to send you a new one.'
        );
      }
      if (invitation.user.blocked) {
        throw new errors.ValidationError('This account is blocked: contact the site administrator.');
      }
      return invitation as {
        id: number;
        expiresAt: string;
        user: {
          id: number;
          documentId: string;
          username: string;
          email: string;
          password: string | null;
          confirmed: boolean;
        };
        group: GroupRef & { archivedAt: string | null };
      };
    },

    /**
     * Confirms the invited account (setting its password when it has none) and makes it a member of every
     * group whose invitation it still holds: following the link proves the learner owns the address.
     */
    async accept(input: AcceptInvitationBody) {
      const invitation = await this.loadByToken(input.token);
      const { user } = invitation;
      if (!user.password && !input.password) {
        throw new errors.ValidationError('password: choose a password of at least 8 characters.');
      }
      const groups = await strapi.db.transaction(async ({ trx }) => {
        const pending = await strapi.db.query(INVITATION_UID).findMany({
          where: {
            user: { id: user.id },
            acceptedAt: { $null: true },
            expiresAt: { $gt: new Date().toISOString() },
          },
          select: ['id'],
          populate: { group: { select: ['id', 'documentId', 'name'] } },
        });
        const groupRows = pending
          .map((row) => row.group as GroupRef | null)
          .filter((group): group is GroupRef => Boolean(group));
        const data: Record<string, unknown> = { confirmed: true };
        if (input.password) {
          const hashed = await strapi
            .plugin('users-permissions')
            .service('user')
            .ensureHashedPasswords({ password: input.password });
          data.password = hashed.password;
        }
        await strapi.db.query(LEARNER_UID).update({ where: { id: user.id }, data });
        await addGroupMembers(
          strapi,
          trx,
          groupRows.map((group) => [group.id, user.id] as const)
        );
        await strapi.db.query(INVITATION_UID).updateMany({
          where: { id: { $in: pending.map((row) => row.id) } },
          data: { acceptedAt: new Date().toISOString() },
        });
        return groupRows;
      });
      const jwt = await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
      return {
        jwt,
        user: { id: user.id, documentId: user.documentId, username: user.username, email: user.email },
        groups: groups.map((group) => ({ documentId: group.documentId, name: group.name })),
      };
    },
  };
};

export type InvitationsService = ReturnType<typeof invitationsService>;
export default invitationsService;
