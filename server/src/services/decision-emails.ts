/**
 * The step after an enrollment change is written: the learner's decision emails (approved, rejected,
 * waitlisted, given a place from the waitlist, unenrolled), enqueued in the outbox in the change's own
 * transaction, so a change that rolls back sends nothing. Bounded SQL for any batch size: one read of the
 * learners, one of the courses, and the outbox's multi-row insert. Decisions are always sent (no opt-out).
 */
import type { Core } from '@strapi/strapi';
import { decisionKind, supportedLanguage } from '../../../common/domain/decision-emails';
import type { EnrollmentStep } from '../../../common/domain/enrollment-plan';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import type { PluginConfig } from '../config';
import { LEARNER_UID } from '../constants';
import type { EnrollmentRow } from '../repositories/enrollments';
import { getService } from '../utils/get-service';
import { LOCALE_ATTRIBUTE, learnersHaveLocale } from '../utils/learner-locale';
import { chunk, columnOf, tableIn, tableOf, type Db } from '../utils/tables';
import type { OutboxMessage } from './outbox';

/** One written change, as the enrollment service planned it. */
export interface DecisionChange {
  row: Pick<EnrollmentRow, 'documentId' | 'groupId' | 'learnerId' | 'courseId' | 'groupName'>;
  from: EnrollmentState;
  step: Pick<EnrollmentStep, 'state' | 'reason'>;
}

const decisionEmailsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;

  /** Email, name and language of each learner, in one statement per 500 ids. */
  const learners = async (db: Db, ids: number[]) => {
    const hasLocale = learnersHaveLocale(strapi);
    const col = (attribute: string) => columnOf(strapi, LEARNER_UID, attribute);
    const found = new Map<number, { email: string; name: string; locale: string | null }>();
    for (const part of chunk(ids)) {
      const rows: Array<Record<string, unknown>> = await tableIn(strapi, db, tableOf(strapi, LEARNER_UID))
        .select(
          'id',
          { email: col('email') },
          { username: col('username') },
          ...(hasLocale ? [{ locale: col(LOCALE_ATTRIBUTE) }] : [])
        )
        .whereIn('id', part);
      for (const row of rows) {
        found.set(Number(row.id), {
          email: String(row.email ?? ''),
          name: String(row.username ?? row.email ?? ''),
          locale: typeof row.locale === 'string' ? row.locale : null,
        });
      }
    }
    return found;
  };

  /** Each course's title, by the lowest row id the enrollment rows carry. */
  const courseTitles = async (db: Db, ids: number[]) => {
    const { courseContentType, courseTitleField } = config();
    const titles = new Map<number, string>();
    for (const part of chunk(ids)) {
      const rows: Array<{ id: number; title: unknown }> = await tableIn(
        strapi,
        db,
        tableOf(strapi, courseContentType)
      )
        .select('id', { title: columnOf(strapi, courseContentType, courseTitleField) })
        .whereIn('id', part);
      for (const row of rows) titles.set(Number(row.id), String(row.title ?? ''));
    }
    return titles;
  };

  return {
    /**
     * Enqueues the decision emails of written changes in `trx`. The dedupe key names the enrollment and the
     * instant of its new history entry, so writing the same change twice sends one email.
     */
    async enqueue(trx: Db, changes: readonly DecisionChange[], now: string) {
      const sending = changes.flatMap((change) => {
        const kind = decisionKind(change.from, change.step.state);
        return kind && change.row.learnerId !== null
          ? [{ row: change.row, kind, reason: change.step.reason }]
          : [];
      });
      if (sending.length === 0) return;
      const ids = (pick: (c: (typeof sending)[number]) => number | null) => [
        ...new Set(sending.map(pick).filter((id): id is number => id !== null)),
      ];
      const people = await learners(
        trx,
        ids((c) => c.row.learnerId)
      );
      const titles = await courseTitles(
        trx,
        ids((c) => c.row.courseId)
      );
      const messages: OutboxMessage[] = sending.flatMap(({ row, kind, reason }) => {
        const learner = people.get(row.learnerId as number);
        if (!learner?.email) return [];
        return [
          {
            kind,
            to: learner.email,
            // Only a language the plugin has words for; otherwise the default applies when it is sent.
            locale: supportedLanguage(learner.locale),
            groupId: row.groupId,
            dedupeKey: `decision:${row.documentId}:${now}`,
            variables: {
              learnerName: learner.name,
              groupName: row.groupName ?? '',
              courseTitle: (row.courseId !== null && titles.get(row.courseId)) || '',
              reason,
            },
          },
        ];
      });
      await getService(strapi, 'outbox').enqueue(messages, { trx });
    },
  };
};

export type DecisionEmailsService = ReturnType<typeof decisionEmailsService>;
export default decisionEmailsService;
