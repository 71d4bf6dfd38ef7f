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
import { chunk, columnOf, tableIn, tableOf, type Db } from '../utils/tables';
import { MEMBER_MESSAGE_FOOTER_KIND } from '../../../common/domain/email-kinds';
import { localesByEmail } from '../utils/learner-locale';
import { textToHtml } from '../utils/mailer';
import { OUTBOX_UID, type OutboxMessage } from './outbox';
import { adminName } from './group-setup';
import type { GroupRef } from './invitations';
import type { AdminActor } from './scope';

const HOUR_MS = 3600 * 1000;
/** The outbox kind of a manager's message; the Notifications page names it. */
export const MEMBER_MESSAGE_KIND = 'member-message';
/**
 * A message's outbox rows share its batch key, and each row's dedupe key adds the recipient's account, so
 * one message reaches one member once however often it is written or retried, from any node.
 */
const batchKeyOf = (messageDocumentId: string) => `${MEMBER_MESSAGE_KIND}:${messageDocumentId}`;
const dedupeKeyOf = (batchKey: string, learnerDocumentId: string) => `${batchKey}:${learnerDocumentId}`;
const learnerOf = (dedupeKey: string | null) => dedupeKey?.split(':').at(-1) ?? '';
/** How many messages the per-group log shows: the recent ones a manager looks back on. */
const LOG_SIZE = 50;

interface Recipient {
  email: string;
  documentId: string;
  username: string;
}

/** One outbox row of a message, as a report needs it. */
interface RowState {
  id: number;
  email: string;
  dedupeKey: string | null;
  state: string;
  lastError: string | null;
}

/** A row another node's worker holds, or one waiting for the worker's next attempt. */
const QUEUED = ['pending', 'sending'];

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

  const outboxTable = (db: Db) => tableIn(strapi, db, tableOf(strapi, OUTBOX_UID));
  const o = (attribute: string) => columnOf(strapi, OUTBOX_UID, attribute);
  const root = () => strapi.db.connection as Db;

  /**
   * How many emails the admin may still send this hour, with the admin's row locked (`FOR UPDATE`) so two
   * requests of one manager, on one Strapi or several sharing PostgreSQL, cannot both pass the check.
   * Counted from the outbox rows of their messages queued in the last hour: a row waiting or being sent
   * counts, a sent one counts when it was sent within the hour, a failed one never does (so a failed send
   * can be retried without spending the hour's allowance twice). Messages sent before they went through
   * the outbox count their stored totals.
   */
  const allowanceLeft = async (trx: Db, adminId: number) => {
    const meta = strapi.db.metadata.get(ADMIN_USER_UID as never) as unknown as { tableName: string };
    await tableIn(strapi, trx, meta.tableName).select('id').where('id', adminId).forUpdate();
    const since = new Date(Date.now() - HOUR_MS);
    const recent = await strapi.db.query(MEMBER_MESSAGE_UID).findMany({
      where: {
        sentBy: { id: adminId },
        $or: [{ createdAt: { $gt: since.toISOString() } }, { queuedAt: { $gt: since.toISOString() } }],
      },
      select: ['documentId', 'recipientCount', 'failedCount'],
    });
    const spent = new Map<string, number>();
    for (const part of chunk(recent.map((row) => batchKeyOf(row.documentId)))) {
      const rows = (await outboxTable(trx)
        .select(
          { batch: o('batchKey') },
          trx.raw(`sum(case when ?? in (?, ?) or (?? = 'sent' and ?? > ?) then 1 else 0 end) as ??`, [
            o('state'),
            ...QUEUED,
            o('state'),
            o('sentAt'),
            since,
            'spent',
          ])
        )
        .whereIn(o('batchKey'), part)
        .groupBy(o('batchKey'))) as Array<{ batch: string; spent: number | string | null }>;
      for (const row of rows) spent.set(row.batch, Number(row.spent ?? 0));
    }
    const used = recent.reduce(
      (sum, row) =>
        sum +
        (spent.get(batchKeyOf(row.documentId)) ??
          Number(row.recipientCount ?? 0) - Number(row.failedCount ?? 0)),
      0
    );
    return Math.max(0, limit() - used);
  };

  const refuseOverLimit = (left: number, count: number) => {
    if (count > left) {
      throw new errors.RateLimitError(
        `You may send ${left} more email(s) this hour (at most ${limit()} an hour); this message would go to ${count} member(s).`,
        { limit: limit(), remaining: left, recipients: count }
      );
    }
  };

  /**
   * The message as each recipient gets it: the manager's words, then the footer in their language. Built
   * before the transaction that writes it, so the admin's row is locked only while rows are written.
   */
  const compose = async (
    group: GroupRef,
    actor: AdminActor,
    message: MessageBody,
    recipients: readonly Recipient[]
  ): Promise<(batchKey: string) => OutboxMessage[]> => {
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
    const footerFor = async (language: string) => {
      if (!footers.has(language)) {
        footers.set(
          language,
          await templates.render(MEMBER_MESSAGE_FOOTER_KIND, language, { groupName: group.name })
        );
      }
      return footers.get(language)!;
    };
    const html = textToHtml(message.body);
    const emails = await Promise.all(
      recipients.map(async ({ email: to, documentId }) => {
        const language = templates.languageFor(locales.get(to));
        return { to, documentId, language, footer: await footerFor(language) };
      })
    );
    return (batchKey) =>
      emails.map(({ to, documentId, language, footer }) => ({
        kind: MEMBER_MESSAGE_KIND,
        to,
        locale: language,
        groupId: group.id,
        batchKey,
        dedupeKey: dedupeKeyOf(batchKey, documentId),
        subject: message.subject,
        text: `${message.body}\n\n--\n${footer.text}`,
        html: `${html}\n<hr>\n${footer.html}`,
        ...(sender?.email ? { replyTo: sender.email } : {}),
      }));
  };

  const rowsOf = async (batchKey: string, ids?: readonly number[]): Promise<RowState[]> => {
    const query = outboxTable(root())
      .select({
        id: 'id',
        email: o('recipientEmail'),
        dedupeKey: o('dedupeKey'),
        state: o('state'),
        lastError: o('lastError'),
      })
      .where(o('batchKey'), batchKey)
      .orderBy('id');
    if (ids) query.whereIn('id', ids);
    return ((await query) as RowState[]).map((row) => ({ ...row, id: Number(row.id) }));
  };

  /**
   * Sends what this request may send of a message right away and says where each row stands. Only rows
   * this request claims are sent here; a row another node's worker claimed meanwhile is its to send and is
   * reported as queued. A failure here is final (`maxAttempts: 1`): the manager decides on a retry, so the
   * worker's automatic retries and the manager's never both hold one row.
   */
  const deliver = async (
    messageDocumentId: string,
    remaining: number,
    ids?: readonly number[]
  ): Promise<SendMessageResult> => {
    const batchKey = batchKeyOf(messageDocumentId);
    try {
      await getService(strapi, 'outbox').drain({ batchKey, maxAttempts: 1 });
    } catch (error) {
      // The rows are committed: what this request could not send, the email worker sends (queued).
      strapi.log.error(`[groups] Sending message ${messageDocumentId}: ${(error as Error).message}`);
    }
    const rows = await rowsOf(batchKey, ids);
    const failed = rows.filter((row) => row.state === 'failed');
    const learners = failed.length
      ? await strapi.db.query(LEARNER_UID).findMany({
          where: { documentId: { $in: failed.map((row) => learnerOf(row.dedupeKey)) } },
          select: ['documentId', 'username'],
        })
      : [];
    const names = new Map(learners.map((learner) => [learner.documentId, learner.username ?? '']));
    return {
      messageId: messageDocumentId,
      recipients: rows.length,
      sent: rows.filter((row) => row.state === 'sent').length,
      failed: failed.length,
      queued: rows.filter((row) => QUEUED.includes(row.state)).length,
      // What a failed send did not use is given back to the hour's allowance.
      remainingThisHour: remaining + failed.length,
      failures: failed.map((row) => ({
        userId: learnerOf(row.dedupeKey),
        username: names.get(learnerOf(row.dedupeKey)) ?? '',
        email: row.email,
        reason: (row.lastError ?? '').slice(0, 300),
      })),
    };
  };

  return {
    /**
     * One outbox row per recipient, written in one transaction with the message's log entry and the
     * hourly allowance it takes, then sent by this request as far as it can (see `deliver`).
     */
    async send(group: GroupRef, actor: AdminActor, message: MessageBody): Promise<SendMessageResult> {
      const recipients = await resolveRecipients(group, message.recipients);
      if (recipients.length === 0) {
        throw new errors.ValidationError('recipients: no member of this group matches; nothing was sent.');
      }
      const emailsOf = await compose(group, actor, message, recipients);
      const { messageDocumentId, remaining } = await strapi.db.transaction(async ({ trx }) => {
        const left = await allowanceLeft(trx as Db, actor.id);
        refuseOverLimit(left, recipients.length);
        const entry = await strapi.db.query(MEMBER_MESSAGE_UID).create({
          data: {
            group: group.id,
            sentBy: actor.id,
            subject: message.subject,
            recipientCount: recipients.length,
            sentCount: 0,
            failedCount: 0,
            queuedAt: new Date(),
          },
          select: ['id', 'documentId'],
        });
        await getService(strapi, 'outbox').enqueue(emailsOf(batchKeyOf(entry.documentId)), {
          trx: trx as Db,
        });
        return { messageDocumentId: entry.documentId as string, remaining: left - recipients.length };
      });
      return deliver(messageDocumentId, remaining);
    },

    /**
     * Sends a message's failed emails again: the same outbox rows (same dedupe keys) back to pending with
     * fresh attempts, within the sender's hourly allowance. Only rows still `failed` are reset, in one
     * conditional UPDATE, so a row being sent or sent is never sent again, and two retries (or a retry and
     * the Notifications page's resend) put a row back once. Nothing failed: nothing is sent, and the
     * answer says where the rows stand.
     */
    async retry(group: GroupRef, actor: AdminActor, messageDocumentId: string): Promise<SendMessageResult> {
      const entry = await strapi.db.query(MEMBER_MESSAGE_UID).findOne({
        where: { documentId: messageDocumentId, group: { id: group.id } },
        select: ['id', 'documentId'],
        populate: { sentBy: { select: ['id'] } },
      });
      if (!entry) throw new errors.NotFoundError('No message with that id in this group.');
      const batchKey = batchKeyOf(messageDocumentId);
      const { ids, remaining } = await strapi.db.transaction(async ({ trx }) => {
        // The allowance is the sender's: every row of a message counts in one manager's hour.
        const left = await allowanceLeft(trx as Db, Number(entry.sentBy?.id ?? actor.id));
        const failed = (
          (await outboxTable(trx as Db)
            .select('id')
            .where(o('batchKey'), batchKey)
            .where(o('state'), 'failed')) as Array<{ id: number }>
        ).map((row) => Number(row.id));
        if (failed.length === 0) return { ids: failed, remaining: left };
        refuseOverLimit(left, failed.length);
        const now = new Date();
        await getService(strapi, 'outbox').requeueFailed(failed, { trx: trx as Db, now });
        await strapi.db
          .query(MEMBER_MESSAGE_UID)
          .update({ where: { id: entry.id }, data: { queuedAt: now } });
        return { ids: failed, remaining: left - failed.length };
      });
      return deliver(messageDocumentId, remaining, ids);
    },

    /**
     * The group's most recent messages, newest first: what was sent, by whom, and where its emails stand,
     * counted from its outbox rows (the stored totals for messages sent before the outbox carried them).
     */
    async log(group: GroupRef): Promise<SentMessage[]> {
      const rows = await strapi.db.query(MEMBER_MESSAGE_UID).findMany({
        where: { group: { id: group.id } },
        select: ['documentId', 'subject', 'recipientCount', 'sentCount', 'failedCount', 'createdAt'],
        populate: { sentBy: { select: ['firstname', 'lastname', 'username', 'email'] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: LOG_SIZE,
      });
      const counts = new Map<string, { sent: number; failed: number; queued: number }>();
      if (rows.length > 0) {
        const states = (await outboxTable(root())
          .select({ batch: o('batchKey'), state: o('state') })
          .count({ n: '*' })
          .whereIn(
            o('batchKey'),
            rows.map((row) => batchKeyOf(row.documentId))
          )
          .groupBy(o('batchKey'), o('state'))) as Array<{ batch: string; state: string; n: number | string }>;
        for (const { batch, state, n } of states) {
          const entry = counts.get(batch) ?? { sent: 0, failed: 0, queued: 0 };
          const key = state === 'sent' ? 'sent' : state === 'failed' ? 'failed' : 'queued';
          entry[key] += Number(n);
          counts.set(batch, entry);
        }
      }
      return rows.map((row) => ({
        documentId: row.documentId,
        subject: row.subject,
        sentAt: new Date(row.createdAt).toISOString(),
        sentBy: adminName(row.sentBy),
        recipients: Number(row.recipientCount ?? 0),
        ...(counts.get(batchKeyOf(row.documentId)) ?? {
          sent: Number(row.sentCount ?? 0),
          failed: Number(row.failedCount ?? 0),
          queued: 0,
        }),
      }));
    },
  };
};

export type MemberMessagesService = ReturnType<typeof memberMessagesService>;
export default memberMessagesService;
