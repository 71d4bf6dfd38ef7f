/**
 * Join codes of a group: a manager with the members right creates, lists and disables them; a learner
 * joins with one. The code is shown once and stored only as its SHA-256 hash. Every use is decided by one
 * conditional UPDATE (`uses = uses + 1 WHERE uses < max_uses AND not expired AND not disabled`), so any
 * number of Strapi nodes on one database never spend more uses than a code has. Attempts are limited per
 * learner and per address in the database (attempt-limits service).
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  CreateJoinCodeBody,
  CreatedJoinCode,
  JoinCode,
  JoinResult,
} from '../../../common/contracts/join-codes';
import {
  INVALID_JOIN_CODE_TEXT,
  JOIN_CODE_LIMITS,
  JOIN_CODE_PREFIX_LENGTH,
  joinCodeFromBytes,
  joinCodeState,
  normalizeJoinCode,
} from '../../../common/domain/join-codes';
import { GROUP_UID } from '../constants';
import type { PluginConfig } from '../config';
import { courseRepository } from '../repositories/courses';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { addGroupMembers } from '../utils/links';
import { columnOf, linkOf, tableIn, tableOf, type Db } from '../utils/tables';
import type { AccessGroup } from './access';
import type { AdminActor } from './scope';

export const JOIN_CODE_UID = 'plugin::groups.join-code';

type LearnerActor = Extract<Actor, { kind: 'learner' }>;

const CODE_FIELDS = [
  'id',
  'documentId',
  'prefix',
  'label',
  'courseDocumentId',
  'expiresAt',
  'maxUses',
  'uses',
  'disabledAt',
  'createdAt',
] as const;

interface CodeRow {
  id: number;
  documentId: string;
  prefix: string;
  label: string | null;
  courseDocumentId: string | null;
  expiresAt: string | Date | null;
  maxUses: number | null;
  uses: number;
  disabledAt: string | Date | null;
  createdAt: string | Date;
  group?: { id: number; documentId: string; name: string; archivedAt: string | null } | null;
}

const hashCode = (normalized: string) => crypto.createHash('sha256').update(normalized).digest('hex');
const iso = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString() : null);

const joinCodesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = courseRepository(strapi);
  const knex = () => strapi.db.connection as unknown as Db;
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const invalid = () => new errors.ValidationError(INVALID_JOIN_CODE_TEXT);

  const toJoinCode = (row: CodeRow, titles: Map<string, { title: string | null }>, now: Date): JoinCode => {
    const expiresAt = iso(row.expiresAt);
    const disabledAt = iso(row.disabledAt);
    const uses = Number(row.uses ?? 0);
    const maxUses = row.maxUses === null || row.maxUses === undefined ? null : Number(row.maxUses);
    return {
      documentId: row.documentId,
      prefix: row.prefix,
      label: row.label ?? null,
      expiresAt,
      maxUses,
      uses,
      disabledAt,
      state: joinCodeState({ expiresAt, maxUses, uses, disabledAt }, now),
      course: row.courseDocumentId
        ? { documentId: row.courseDocumentId, title: titles.get(row.courseDocumentId)?.title ?? null }
        : null,
      createdAt: iso(row.createdAt)!,
    };
  };

  const withTitles = async (rows: CodeRow[]) => {
    const ids = rows.map((row) => row.courseDocumentId).filter((id): id is string => Boolean(id));
    const titles = await courses.versions(knex(), ids);
    const now = new Date();
    return rows.map((row) => toJoinCode(row, titles, now));
  };

  /** Spends one use of the code, or none when it is expired, used up or disabled: the database decides. */
  const spendUse = async (db: Db, codeId: number, now: Date): Promise<boolean> => {
    const col = (attribute: string) => columnOf(strapi, JOIN_CODE_UID, attribute);
    const updated = await tableIn(strapi, db, tableOf(strapi, JOIN_CODE_UID))
      .where('id', codeId)
      .whereNull(col('disabledAt'))
      .where((q) => q.whereNull(col('maxUses')).orWhere(col('uses'), '<', db.ref(col('maxUses'))))
      .where((q) => q.whereNull(col('expiresAt')).orWhere(col('expiresAt'), '>', now))
      .update({ [col('uses')]: db.raw('?? + 1', [col('uses')]), [col('updatedAt')]: now });
    return Number(updated) === 1;
  };

  return {
    async list(group: AccessGroup): Promise<JoinCode[]> {
      const rows = (await strapi.db.query(JOIN_CODE_UID).findMany({
        where: { group: { id: group.id } },
        select: [...CODE_FIELDS],
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as CodeRow[];
      return withTitles(rows);
    },

    async create(group: AccessGroup, actor: AdminActor, body: CreateJoinCodeBody): Promise<CreatedJoinCode> {
      if (group.archivedAt) {
        throw new errors.ValidationError(
          `The group "${group.name}" is archived: restore it before making codes.`
        );
      }
      const now = new Date();
      if (body.expiresAt) {
        const expires = new Date(body.expiresAt).getTime();
        if (expires <= now.getTime()) throw new errors.ValidationError('expiresAt: must be in the future.');
        if (expires > now.getTime() + JOIN_CODE_LIMITS.expiryDays * 86_400_000) {
          throw new errors.ValidationError(
            `expiresAt: must be at most ${JOIN_CODE_LIMITS.expiryDays} days ahead.`
          );
        }
      }
      if (body.courseId) {
        const linked = (await courses.documentsOfGroups(knex(), [group.id])).get(group.id) ?? [];
        if (!linked.includes(body.courseId)) {
          throw new errors.ValidationError(`courseId: the group "${group.name}" has no course with this id.`);
        }
      }
      const code = joinCodeFromBytes(crypto.randomBytes(32));
      const normalized = normalizeJoinCode(code)!;
      const row = (await strapi.db.query(JOIN_CODE_UID).create({
        data: {
          codeHash: hashCode(normalized),
          prefix: normalized.slice(0, JOIN_CODE_PREFIX_LENGTH),
          label: body.label || null,
          group: group.id,
          courseDocumentId: body.courseId ?? null,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          maxUses: body.maxUses ?? null,
          uses: 0,
          createdBy: actor.id,
        },
        select: [...CODE_FIELDS],
      })) as CodeRow;
      const [listed] = await withTitles([row]);
      return { ...listed, code };
    },

    async disable(group: AccessGroup, codeDocumentId: string): Promise<JoinCode> {
      const row = await strapi.db.query(JOIN_CODE_UID).findOne({
        where: { documentId: codeDocumentId, group: { id: group.id } },
        select: ['id', 'disabledAt'],
      });
      if (!row) throw new errors.NotFoundError('No join code with that id in this group.');
      const updated = (await strapi.db.query(JOIN_CODE_UID).update({
        where: { id: row.id },
        data: { disabledAt: row.disabledAt ?? new Date() },
        select: [...CODE_FIELDS],
      })) as CodeRow;
      return (await withTitles([updated]))[0];
    },

    /**
     * A learner joins the group of a code. Attempts are counted first (every attempt, right or wrong);
     * an unknown, expired, used-up or disabled code, or one of an archived group, all get the same answer.
     * A learner who is a member already spends no use. The code's course is then asked for through the
     * enrollment service, by the group's policy, like any learner request; its refusal does not undo joining.
     */
    async join(actor: LearnerActor, typed: string, address: string | null): Promise<JoinResult> {
      const limits = config().joinCodeAttempts;
      await getService(strapi, 'attempt-limits').count(
        [
          { key: `join:user:${actor.userId}`, max: limits.perUser },
          ...(address ? [{ key: `join:address:${address}`, max: limits.perAddress }] : []),
        ],
        limits.windowMinutes
      );
      const normalized = normalizeJoinCode(typed);
      if (!normalized) throw invalid();
      const code = (await strapi.db.query(JOIN_CODE_UID).findOne({
        where: { codeHash: hashCode(normalized) },
        select: [...CODE_FIELDS],
        populate: { group: { select: ['id', 'documentId', 'name', 'archivedAt'] } },
      })) as CodeRow | null;
      const now = new Date();
      const group = code?.group;
      if (!code || !group || group.archivedAt) throw invalid();

      const joined = await strapi.db.transaction(async ({ trx }) => {
        const db = trx as unknown as Db;
        const link = linkOf(strapi, GROUP_UID, 'members');
        const member = await tableIn(strapi, db, link.table)
          .where({ [link.ownerColumn]: group.id, [link.targetColumn]: actor.userId })
          .first();
        if (member) return false;
        if (!(await spendUse(db, code.id, now))) throw invalid();
        await addGroupMembers(strapi, trx, [[group.id, actor.userId]]);
        return true;
      });

      const result: JoinResult = {
        group: { documentId: group.documentId, name: group.name },
        joined,
        enrollment: null,
        enrollmentMessage: null,
      };
      if (!code.courseDocumentId) return result;
      try {
        const enrollment = await getService(strapi, 'enrollment').applyRequest({
          learnerId: actor.userId,
          groupDocumentId: group.documentId,
          courseDocumentId: code.courseDocumentId,
          actor,
          reason: null,
        });
        result.enrollment = { documentId: enrollment.documentId, state: enrollment.state };
      } catch (error) {
        if (!(error instanceof errors.ApplicationError)) throw error;
        result.enrollmentMessage = error.message;
      }
      return result;
    },
  };
};

export type JoinCodesService = ReturnType<typeof joinCodesService>;
export default joinCodesService;
