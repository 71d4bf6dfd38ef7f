import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  MessageBody,
  Recipients,
  SendMessageResult,
  SentMessage,
} from '../../../common/contracts/members';
import { ADMIN_USER_UID, ENROLLMENT_UID, LEARNER_UID, MEMBER_MESSAGE_UID } from '../constants';
import { getService } from '../utils/get-service';
import { tableIn } from '../utils/tables';
import { MEMBER_MESSAGE_FOOTER_KIND } from '../../../common/domain/email-kinds';
import { localesByEmail } from '../utils/learner-locale';
import { sendEach, textToHtml } from '../utils/mailer';
import { adminName } from './group-setup';
import type { GroupRef } from './invitations';
import type { AdminActor } from './scope';

const HOUR_MS = 3600 * 1000;
/** How many messages the per-group log shows: the recent ones a manager looks back on. */
const LOG_SIZE = 50;

interface Recipient {
  email: string;
  documentId: string;
  username: string;
}

const memberMessagesService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Read per request, so a change in Settings → Groups applies to the next message.
  const limit = () => getService(strapi, 'settings').current().messagesPerHour;

  const resolveRecipients = async (group: GroupRef, recipients: Recipients) => {
    let ids = await getService(strapi, 'members').memberIdsOf(group.id);
    const where: Record<string, unknown> = { blocked: { $ne: true } };
    if (recipients.kind === 'selected') {
      const chosen = await strapi.db.query(LEARNER_UID).findMany({
        where: { documentId: { $in: recipients.userIds } },
        select: ['id', 'documentId'],
      });
      const members = new Set(ids);
      const outside = recipients.userIds.filter(
        (documentId) => !chosen.some((row) => row.documentId === documentId && members.has(row.id))
      );
      if (outside.length > 0) {
        throw new errors.ValidationError(
          `recipients.userIds: ${outside.length} of the chosen people are not members of this group.`
        );
      }
      ids = chosen.map((row) => row.id);
    }
    if (recipients.kind === 'filter') {
      if (recipients.search) {
        where.$or = [
          { username: { $containsi: recipients.search } },
          { email: { $containsi: recipients.search } },
        ];
      }
      if (recipients.enrollmentState || recipients.courseId) {
        const enrollmentWhere: Record<string, unknown> = { group: { id: group.id } };
        if (recipients.enrollmentState) enrollmentWhere.state = recipients.enrollmentState;
        if (recipients.courseId) enrollmentWhere.course = { documentId: recipients.courseId };
        const enrollments = await strapi.db.query(ENROLLMENT_UID).findMany({
          where: enrollmentWhere,
          select: ['id'],
          populate: { learner: { select: ['id'] } },
        });
        const enrolled = new Set(enrollments.map((row) => row.learner?.id).filter(Boolean));
        ids = ids.filter((id) => enrolled.has(id));
      }
    }
    if (ids.length === 0) return [];
    where.id = { $in: ids };
    const rows = await strapi.db.query(LEARNER_UID).findMany({
      where,
      select: ['id', 'documentId', 'username', 'email'],
    });
    const byEmail = new Map<string, Recipient>();
    for (const row of rows) {
      const email = String(row.email).toLowerCase();
      if (!byEmail.has(email)) {
        byEmail.set(email, { email, documentId: row.documentId, username: row.username ?? '' });
      }
    }
    return [...byEmail.values()];
  };

  /**
   * Reserves `count` emails of the admin's hourly allowance, or refuses. The admin's row is locked first so
   * two requests of one manager (on one Strapi or several sharing PostgreSQL) cannot both pass the check.
   * A message in flight counts all its recipients; once sent, only the emails the relay accepted count
   * (recipients − failed), so a failed send can be retried without spending the hour's allowance twice.
   */
  const reserve = async (actor: AdminActor, group: GroupRef, subject: string, count: number) =>
    strapi.db.transaction(async ({ trx }) => {
      const meta = strapi.db.metadata.get(ADMIN_USER_UID as never) as unknown as { tableName: string };
      const admins = tableIn(strapi, trx, meta.tableName);
      await admins.select('id').where('id', actor.id).forUpdate();
      const since = new Date(Date.now() - HOUR_MS).toISOString();
      const recent = await strapi.db.query(MEMBER_MESSAGE_UID).findMany({
        where: { sentBy: { id: actor.id }, createdAt: { $gt: since } },
        select: ['id', 'recipientCount', 'failedCount'],
      });
      const used = recent.reduce(
        (sum, row) => sum + Number(row.recipientCount ?? 0) - Number(row.failedCount ?? 0),
        0
      );
      const left = Math.max(0, limit() - used);
      if (count > left) {
        throw new errors.RateLimitError(
          `You may send ${left} more email(s) this hour (at most ${limit()} an hour); this message would go to ${count} member(s).`,
          { limit: limit(), remaining: left, recipients: count }
        );
      }
      const entry = await strapi.db.query(MEMBER_MESSAGE_UID).create({
        data: {
          group: group.id,
          sentBy: actor.id,
          subject,
          recipientCount: count,
          sentCount: 0,
          failedCount: 0,
        },
        select: ['id'],
      });
      return { entryId: entry.id as number, remaining: left - count };
    });

  return {
    async send(group: GroupRef, actor: AdminActor, message: MessageBody): Promise<SendMessageResult> {
      const recipients = await resolveRecipients(group, message.recipients);
      if (recipients.length === 0) {
        throw new errors.ValidationError('recipients: no member of this group matches; nothing was sent.');
      }
      const { entryId, remaining } = await reserve(actor, group, message.subject, recipients.length);
      const sender = await strapi.db.query(ADMIN_USER_UID).findOne({
        where: { id: actor.id },
        select: ['email'],
      });
      // The footer is a template of Settings → Groups, in each member's language (one render per language).
      const locales = await localesByEmail(
        strapi,
        recipients.map((recipient) => recipient.email)
      );
      const templates = getService(strapi, 'email-templates');
      const footers = new Map<string, { text: string; html: string }>();
      const footerFor = async (to: string) => {
        const language = templates.languageFor(locales.get(to));
        if (!footers.has(language)) {
          footers.set(
            language,
            await templates.render(MEMBER_MESSAGE_FOOTER_KIND, language, { groupName: group.name })
          );
        }
        return footers.get(language)!;
      };
      const emails = await Promise.all(
        recipients.map(async ({ email: to }) => {
          const footer = await footerFor(to);
          return {
            to,
            subject: message.subject,
            text: `${message.body}\n\n--\n${footer.text}`,
            html: `${textToHtml(message.body)}\n<hr>\n${footer.html}`,
            ...(sender?.email ? { replyTo: sender.email } : {}),
          };
        })
      );
      const result = await sendEach(strapi, emails);
      await strapi.db.query(MEMBER_MESSAGE_UID).update({
        where: { id: entryId },
        data: { sentCount: result.sent, failedCount: result.failed },
      });
      const byEmail = new Map(recipients.map((recipient) => [recipient.email, recipient]));
      return {
        recipients: recipients.length,
        sent: result.sent,
        failed: result.failed,
        // What a failed send did not use is given back to the hour's allowance.
        remainingThisHour: remaining + result.failed,
        failures: result.failures.map(({ to, reason }) => ({
          userId: byEmail.get(to)?.documentId ?? '',
          username: byEmail.get(to)?.username ?? '',
          email: to,
          reason,
        })),
      };
    },

    /** The group's most recent messages, newest first: what was sent, by whom, and how many got it. */
    async log(group: GroupRef): Promise<SentMessage[]> {
      const rows = await strapi.db.query(MEMBER_MESSAGE_UID).findMany({
        where: { group: { id: group.id } },
        select: ['documentId', 'subject', 'recipientCount', 'sentCount', 'failedCount', 'createdAt'],
        populate: { sentBy: { select: ['firstname', 'lastname', 'username', 'email'] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: LOG_SIZE,
      });
      return rows.map((row) => ({
        documentId: row.documentId,
        subject: row.subject,
        sentAt: new Date(row.createdAt).toISOString(),
        sentBy: adminName(row.sentBy),
        recipients: Number(row.recipientCount ?? 0),
        sent: Number(row.sentCount ?? 0),
        failed: Number(row.failedCount ?? 0),
      }));
    },
  };
};

export type MemberMessagesService = ReturnType<typeof memberMessagesService>;
export default memberMessagesService;
