/**
 * "Complete within N days" per course of a group (common/domain/course-settings.ts): set by the Super
 * Admin or a manager with the edit-courses right in the group. Stored on the group row, written under the
 * group's lock so two managers setting two courses of one group at once both keep theirs.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { withCompleteWithin } from '../../../common/domain/course-settings';
import type { CompleteWithinBody, CompleteWithinResponse } from '../../../common/contracts/course-settings';
import { GROUP_UID } from '../constants';
import { courseRepository } from '../repositories/courses';
import { enrollmentRepository } from '../repositories/enrollments';
import { getService } from '../utils/get-service';
import { columnOf, tableOf, type Db } from '../utils/tables';
import type { AdminActor } from './scope';

const courseSettingsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async setCompleteWithin(
    groupDocumentId: string,
    body: CompleteWithinBody,
    actor: AdminActor
  ): Promise<CompleteWithinResponse> {
    const group = await getService(strapi, 'access').groupByDocumentId(actor, groupDocumentId, 'editCourses');
    const knex = strapi.db.connection as unknown as Knex;
    const linked = (await courseRepository(strapi).documentsOfGroups(knex, [group.id])).get(group.id) ?? [];
    if (!linked.includes(body.course)) {
      throw new errors.ValidationError(
        `course: ${body.course} is not a course of the group "${group.name}".`
      );
    }
    const repo = enrollmentRepository(strapi);
    const column = columnOf(strapi, GROUP_UID, 'completeWithin');
    await strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await repo.lockWriter(trx);
      await repo.lockGroups(trx, [group.id]);
      const row: Record<string, unknown> | undefined = await trx(tableOf(strapi, GROUP_UID))
        .select({ stored: column })
        .where('id', group.id)
        .first();
      const next = withCompleteWithin(row?.stored, body.course, body.completeWithinDays);
      await trx(tableOf(strapi, GROUP_UID))
        .where('id', group.id)
        .update({ [column]: JSON.stringify(next) });
    });
    return { data: { course: body.course, completeWithinDays: body.completeWithinDays } };
  },
});

export type CourseSettingsService = ReturnType<typeof courseSettingsService>;
export default courseSettingsService;
