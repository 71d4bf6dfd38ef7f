import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { REPORTABLE_STATES, type ProgressReport, type ProgressResponse } from '../../../common/contracts/lms';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { enrollmentFlags } from '../../../common/domain/enrollment-flags';
import type { PluginConfig } from '../config';
import { ENROLLMENT_UID } from '../constants';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';

const FIELDS = [
  'id',
  'documentId',
  'state',
  'progress',
  'timeSpent',
  'score',
  'startedAt',
  'completedAt',
  'expiresAt',
];

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

/** Progress reported by the site's LMS back end for one enrollment. */
const lmsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Writes what the LMS reports and, when progress reaches 100 on an approved enrollment, completes it
   * through the enrollment service (status table, stamps, history) in the same transaction.
   */
  async reportProgress(
    actor: Extract<Actor, { kind: 'api-token' }>,
    documentId: string,
    report: ProgressReport
  ): Promise<ProgressResponse['data']> {
    return strapi.db.transaction(async () => {
      const row = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { documentId }, select: FIELDS });
      if (!row) throw new errors.NotFoundError('No enrollment has this id.');
      const state = row.state as EnrollmentState;
      if (!REPORTABLE_STATES.includes(state)) {
        throw new errors.ValidationError(
          `Progress is reported for approved or completed enrollments; this one is ${state}.`
        );
      }
      // Past its access window the learner can no longer work on the course (the `expired` flag, the one
      // rule of common/domain/enrollment-flags.ts): nothing the LMS reports is recorded. A 400 like the other
      // refusals of this route: Strapi's content API replaces a 403's sentence with "Forbidden".
      const { flagThresholds } = strapi.config.get('plugin::groups') as PluginConfig;
      if (enrollmentFlags({ state, expiresAt: row.expiresAt }, new Date(), flagThresholds).expired) {
        throw new errors.ValidationError(
          `This enrollment expired on ${iso(row.expiresAt)}: its access window is closed, so progress is no longer recorded.`
        );
      }
      if (state === 'approved' && report.completedAt !== undefined && report.progress !== 100) {
        throw new errors.ValidationError('completedAt: report progress 100 to complete an enrollment.');
      }
      const data: Record<string, unknown> = {};
      if (report.progress !== undefined) data.progress = report.progress;
      if (report.timeSpent !== undefined) data.timeSpent = report.timeSpent;
      if (report.score !== undefined) data.score = report.score;
      if (report.startedAt !== undefined) data.startedAt = report.startedAt;
      else if (!row.startedAt && ((report.progress ?? 0) > 0 || (report.timeSpent ?? 0) > 0)) {
        // The first sign of activity is when the learner started, unless the LMS says otherwise.
        data.startedAt = new Date().toISOString();
      }
      if (report.completedAt !== undefined && state === 'completed') data.completedAt = report.completedAt;
      if (state === 'approved' && report.progress === 100) {
        // The transition first: it locks the group before any row is written, the order every other
        // transition takes. Writing the row first and locking after could deadlock against a bulk approval.
        await getService(strapi, 'enrollment').applyTransition({
          documentId,
          to: 'completed',
          actor,
          reason: 'Completed in the LMS',
        });
        if (report.completedAt) data.completedAt = report.completedAt;
      }
      if (Object.keys(data).length > 0) {
        await strapi.db.query(ENROLLMENT_UID).update({ where: { id: row.id }, data });
      }
      const updated = await strapi.db
        .query(ENROLLMENT_UID)
        .findOne({ where: { id: row.id }, select: FIELDS });
      return {
        documentId: updated.documentId,
        state: updated.state,
        progress: Number(updated.progress ?? 0),
        timeSpent: Number(updated.timeSpent ?? 0),
        score: updated.score === null || updated.score === undefined ? null : Number(updated.score),
        startedAt: iso(updated.startedAt),
        completedAt: iso(updated.completedAt),
      };
    });
  },
});

export type LmsService = ReturnType<typeof lmsService>;
export default lmsService;
