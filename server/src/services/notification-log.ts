/**
 * The workspace's view of the outbox: the emails about my groups and the ones sent to me (digests), newest
 * first, and a second chance for a failed one. A manager sees the rows whose group is one of theirs; the
 * Super Admin sees every row. Resending puts the row back to pending with fresh attempts; the worker sends
 * it like any other, so a resend is also exactly once.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import type { Knex } from 'knex';
import type {
  NotificationLogEntry,
  NotificationLogQuery,
  NotificationLogResponse,
} from '../../../common/contracts/notifications';
import type { OutboxState } from '../../../common/domain/outbox';
import { ADMIN_USER_UID, GROUP_UID } from '../constants';
import { getService } from '../utils/get-service';
import { columnOf, tableIn, tableOf, type Db } from '../utils/tables';
import { OUTBOX_UID } from './outbox';
import { MEMBER_MESSAGE_KIND } from './member-messages';
import type { AdminActor } from './scope';

const notificationLogService = ({ strapi }: { strapi: Core.Strapi }) => {
  const o = (attribute: string) => `o.${columnOf(strapi, OUTBOX_UID, attribute)}`;
  const root = () => strapi.db.connection as Db;

  /**
   * The outbox joined to its group, limited to what the actor may see. Handed back inside an object: an
   * awaited knex builder would run.
   */
  const visible = async (actor: AdminActor): Promise<{ query: Knex.QueryBuilder }> => {
    const scope = await getService(strapi, 'scope').getScope(actor);
    const query = tableIn(strapi, root(), tableOf(strapi, OUTBOX_UID))
      .from({ o: tableOf(strapi, OUTBOX_UID) })
      .leftJoin({ g: tableOf(strapi, GROUP_UID) }, 'g.id', o('groupId'));
    if (!scope.all) {
      const me = (await strapi.db
        .query(ADMIN_USER_UID)
        .findOne({ where: { id: actor.id }, select: ['email'] })) as { email?: string } | null;
      query.where((q: Knex.QueryBuilder) => {
        q.whereIn(o('groupId'), scope.groupIds.length ? scope.groupIds : [-1]);
        if (me?.email)
          q.orWhere((mine) => mine.whereNull(o('groupId')).where(o('recipientEmail'), me.email!));
      });
    }
    return { query };
  };

  const date = (value: unknown) =>
    value === null || value === undefined ? null : new Date(value as string | number).toISOString();

  const entryOf = (row: Record<string, unknown>): NotificationLogEntry => ({
    id: Number(row.id),
    kind: String(row.kind),
    to: String(row.to),
    group: row.groupDocumentId
      ? { documentId: String(row.groupDocumentId), name: String(row.groupName ?? '') }
      : null,
    state: row.state as OutboxState,
    attempts: Number(row.attempts ?? 0),
    createdAt: date(row.createdAt) ?? '',
    sentAt: date(row.sentAt),
    lastError: (row.lastError as string | null) ?? null,
  });

  const columns = () => ({
    id: 'o.id',
    kind: o('kind'),
    to: o('recipientEmail'),
    groupDocumentId: `g.${columnOf(strapi, GROUP_UID, 'documentId')}`,
    groupName: `g.${columnOf(strapi, GROUP_UID, 'name')}`,
    state: o('state'),
    attempts: o('attempts'),
    createdAt: o('createdAt'),
    sentAt: o('sentAt'),
    lastError: o('lastError'),
  });

  return {
    async list(query: NotificationLogQuery, actor: AdminActor): Promise<NotificationLogResponse> {
      const { query: base } = await visible(actor);
      if (query.state) base.where(o('state'), query.state);
      const [{ n }] = (await base.clone().count({ n: '*' })) as Array<{ n: number | string }>;
      const rows = (await base
        .select(columns())
        .orderBy('o.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)) as Array<Record<string, unknown>>;
      const total = Number(n);
      return {
        data: rows.map(entryOf),
        meta: {
          pagination: {
            page: query.page,
            pageSize: query.pageSize,
            pageCount: Math.ceil(total / query.pageSize),
            total,
          },
        },
      };
    },

    /** A failed email of my groups back to pending: 404 unknown, 403 not mine, 400 not failed. */
    async resend(id: number, actor: AdminActor): Promise<NotificationLogEntry> {
      const exists = await tableIn(strapi, root(), tableOf(strapi, OUTBOX_UID)).first('id').where('id', id);
      if (!exists) throw new errors.NotFoundError(`No email has the id ${id}.`);
      const row = (await (await visible(actor)).query.first(columns()).where('o.id', id)) as
        Record<string, unknown> | undefined;
      if (!row) throw new Refusal('This email is not about one of your groups.');
      if (row.state !== 'failed') {
        throw new errors.ValidationError(
          `Only a failed email can be sent again; this one is ${String(row.state)}.`
        );
      }
      if (row.kind === MEMBER_MESSAGE_KIND) {
        // Sent again here, it would skip the sender's hourly limit, which the message log's retry applies.
        throw new errors.ValidationError(
          "A message to members is sent again from its group's message log on the Members page, within the hourly limit."
        );
      }
      // Only while still failed: two managers pressing resend at once put it back once.
      await getService(strapi, 'outbox').requeueFailed([id], { trx: root() });
      return entryOf({ ...row, state: 'pending', attempts: 0 });
    },
  };
};

export type NotificationLogService = ReturnType<typeof notificationLogService>;
export default notificationLogService;
