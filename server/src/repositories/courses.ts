/**
 * The site's course type seen from SQL. A course type may keep several rows per course: with Draft &
 * Publish a draft and a published row, with i18n one per locale (and version), all sharing one documentId.
 * Strapi links a type without Draft & Publish (groups, enrollments) to both versions of a course, and
 * re-creates the published row when a course is published again. So every query here works on the course
 * *document*, and shows one chosen row of it:
 *
 *   the published row before the draft, then the locale asked for, then the site's default locale,
 *   then the oldest row.
 *
 * What a learner is offered (the Content API) is limited to published courses when the type has Draft &
 * Publish; the workspace shows drafts too, marked as such.
 */
import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import type { Knex } from 'knex';
import type { PluginConfig } from '../config';
import { ENROLLMENT_UID, GROUP_UID } from '../constants';
import { appendLinks } from '../utils/links';
import { whereAnyContains } from '../utils/search';
import { chunk, columnOf, linkOf, tableOf, type Db } from '../utils/tables';

/** The chosen row of one course document. */
export interface CourseVersion {
  documentId: string;
  title: string | null;
  /** True when the course type has Draft & Publish and the course has no published row. */
  draft: boolean;
}

export interface VersionOptions {
  /** The locale a learner's site asks for; the default locale comes after it. */
  locale?: string;
  /** Only published rows (for what learners are offered); ignored when the type has no Draft & Publish. */
  publishedOnly?: boolean;
}

interface CourseModel {
  uid: string;
  table: string;
  documentId: string;
  title: string | null;
  /** The published_at column when the type has Draft & Publish. */
  publishedAt: string | null;
  /** The locale column when the type is localized. */
  locale: string | null;
}

export const courseRepository = (strapi: Core.Strapi) => {
  const model = (): CourseModel => {
    const config = strapi.config.get('plugin::groups') as PluginConfig;
    const uid = config.courseContentType;
    const contentType = strapi.contentType(uid as never) as unknown as {
      attributes: Record<string, unknown>;
      pluginOptions?: { i18n?: { localized?: boolean } };
    };
    const localized =
      contentType.pluginOptions?.i18n?.localized === true && 'locale' in contentType.attributes;
    return {
      uid,
      table: tableOf(strapi, uid),
      documentId: columnOf(strapi, uid, 'documentId'),
      title: contentType.attributes[config.courseTitleField]
        ? columnOf(strapi, uid, config.courseTitleField)
        : null,
      publishedAt: contentTypes.hasDraftAndPublish(contentType as never)
        ? columnOf(strapi, uid, 'publishedAt')
        : null,
      locale: localized ? columnOf(strapi, uid, 'locale') : null,
    };
  };

  const defaultLocale = async (): Promise<string | null> => {
    if (!model().locale) return null;
    const locales = strapi.plugin('i18n')?.service('locales') as
      { getDefaultLocale: () => Promise<string | null | undefined> } | undefined;
    return (await locales?.getDefaultLocale()) ?? null;
  };

  /** The locales to prefer, in order: the one asked for, then the default. */
  const preferredLocales = async (locale?: string): Promise<string[]> => {
    if (!model().locale) return [];
    const fallback = await defaultLocale();
    return [...new Set([locale, fallback].filter((code): code is string => Boolean(code)))];
  };

  /** The version rule as an ORDER BY list over the course table aliased `alias`. */
  const versionOrder = (alias: string, locales: string[]): { sql: string; bindings: string[] } => {
    const m = model();
    const parts: string[] = [];
    const bindings: string[] = [];
    if (m.publishedAt) {
      parts.push('case when ?? is null then 1 else 0 end');
      bindings.push(`${alias}.${m.publishedAt}`);
    }
    if (m.locale && locales.length) {
      parts.push(
        `case ${locales.map((_, i) => `when ?? = ? then ${i}`).join(' ')} else ${locales.length} end`
      );
      for (const code of locales) bindings.push(`${alias}.${m.locale}`, code);
    }
    parts.push('??');
    bindings.push(`${alias}.id`);
    return { sql: parts.join(', '), bindings };
  };

  const courseLink = () => linkOf(strapi, ENROLLMENT_UID, 'course');
  const groupCourses = () => linkOf(strapi, GROUP_UID, 'courses');

  const repository = {
    model,
    preferredLocales,

    /**
     * The document id of an enrollment's course, as a scalar subquery on `enrollmentId` (a column
     * reference). Each version the enrollment links to has the same one, so any link row answers.
     */
    documentOfEnrollment(db: Db, enrollmentId = 'e.id'): Knex.QueryBuilder {
      const m = model();
      const link = courseLink();
      return db
        .from({ ecl: link.table })
        .join({ ecv: m.table }, 'ecv.id', `ecl.${link.targetColumn}`)
        .where(`ecl.${link.ownerColumn}`, db.ref(enrollmentId))
        .select(`ecv.${m.documentId}`)
        .limit(1);
    },

    /** Ids of the enrollments whose course is one of these documents, as a subquery. */
    enrollmentsOfCourses(db: Db, documentIds: string[]): Knex.QueryBuilder {
      const m = model();
      const link = courseLink();
      return db
        .from({ ecl: link.table })
        .join({ ecv: m.table }, 'ecv.id', `ecl.${link.targetColumn}`)
        .whereIn(`ecv.${m.documentId}`, documentIds)
        .select(`ecl.${link.ownerColumn}`);
    },

    /** The title of an enrollment's course by the version rule, as a scalar subquery (to sort by). */
    titleOfEnrollment(db: Db, locales: string[], enrollmentId = 'e.id'): Knex.QueryBuilder | Knex.Raw {
      const m = model();
      if (!m.title) return db.raw('NULL');
      const order = versionOrder('ctv', locales);
      return db
        .from({ ctv: m.table })
        .select(`ctv.${m.title}`)
        .where(`ctv.${m.documentId}`, repository.documentOfEnrollment(db, enrollmentId))
        .orderByRaw(order.sql, order.bindings)
        .limit(1);
    },

    /**
     * The lowest row id of an enrollment's course document, as a scalar subquery: one id per course
     * whichever version the enrollment links to, so two enrollments of one course compare equal.
     */
    firstIdOfEnrollmentCourse(db: Db, enrollmentId = 'e.id'): Knex.QueryBuilder {
      const m = model();
      return db
        .from({ cfv: m.table })
        .min('cfv.id')
        .where(`cfv.${m.documentId}`, repository.documentOfEnrollment(db, enrollmentId));
    },

    /** The document id of a course row, whichever version it is. */
    async documentOfRow(db: Db, id: number): Promise<string | null> {
      const m = model();
      const row: { document_id: string } | undefined = await db
        .from(m.table)
        .select({ document_id: m.documentId })
        .where('id', id)
        .first();
      return row?.document_id ?? null;
    },

    /** The chosen row of each of these course documents, by the version rule. */
    async versions(
      db: Db,
      documentIds: readonly string[],
      options: VersionOptions = {}
    ): Promise<Map<string, CourseVersion>> {
      const m = model();
      const found = new Map<string, CourseVersion>();
      const ids = [...new Set(documentIds)];
      if (ids.length === 0) return found;
      const locales = await preferredLocales(options.locale);
      const order = versionOrder('v', locales);
      for (const part of chunk(ids)) {
        const ranked = db
          .from({ v: m.table })
          .select({ document_id: `v.${m.documentId}` })
          .select(m.title ? { title: `v.${m.title}` } : db.raw('NULL as title'))
          .select(
            m.publishedAt
              ? db.raw('case when ?? is null then 1 else 0 end as draft', [`v.${m.publishedAt}`])
              : db.raw('0 as draft')
          )
          .select(
            db.raw(`row_number() over (partition by ?? order by ${order.sql}) as rn`, [
              `v.${m.documentId}`,
              ...order.bindings,
            ])
          )
          .whereIn(`v.${m.documentId}`, part);
        if (options.publishedOnly && m.publishedAt) ranked.whereNotNull(`v.${m.publishedAt}`);
        const rows: Array<{ document_id: string; title: string | null; draft: number | string | boolean }> =
          await db.from(ranked.as('r')).select('r.document_id', 'r.title', 'r.draft').where('r.rn', 1);
        for (const row of rows) {
          found.set(row.document_id, {
            documentId: row.document_id,
            title: row.title ?? null,
            draft: Number(row.draft) === 1,
          });
        }
      }
      return found;
    },

    /**
     * Up to `limit` course documents whose title contains `search`, by title: all courses, or those linked
     * to `groupIds`. One statement; the answer is bounded whatever the number of courses.
     */
    async search(
      db: Db,
      {
        search,
        limit,
        groupIds,
        documentIds,
      }: {
        search?: string;
        limit: number;
        groupIds: readonly number[] | null;
        documentIds?: readonly string[];
      }
    ): Promise<CourseVersion[]> {
      const m = model();
      const query = db
        .from({ v: m.table })
        .select({ document_id: `v.${m.documentId}` })
        .groupBy(`v.${m.documentId}`)
        .limit(limit);
      if (m.title) {
        query.min({ title: `v.${m.title}` }).orderBy([{ column: 'title' }, { column: 'document_id' }]);
        if (search) whereAnyContains(query, [`v.${m.title}`], search);
      } else {
        query.orderBy('document_id');
        if (search) whereAnyContains(query, [`v.${m.documentId}`], search);
      }
      if (documentIds) query.whereIn(`v.${m.documentId}`, documentIds);
      if (groupIds) {
        const link = groupCourses();
        query.whereIn(
          `v.${m.documentId}`,
          db
            .from({ gcl: link.table })
            .join({ gcv: m.table }, 'gcv.id', `gcl.${link.targetColumn}`)
            .select(`gcv.${m.documentId}`)
            .whereIn(`gcl.${link.ownerColumn}`, groupIds)
        );
      }
      const rows: Array<{ document_id: string }> = await query;
      const versions = await repository.versions(
        db,
        rows.map((row) => row.document_id)
      );
      return rows.map(
        (row) => versions.get(row.document_id) ?? { documentId: row.document_id, title: null, draft: false }
      );
    },

    /**
     * The course documents linked to each group, in the order they were first linked (a document's
     * lowest link row), each once whichever of its versions the links hold.
     */
    async documentsOfGroups(db: Db, groupIds: readonly number[]): Promise<Map<number, string[]>> {
      const m = model();
      const link = groupCourses();
      const byGroup = new Map<number, string[]>();
      for (const part of chunk([...new Set(groupIds)])) {
        const rows: Array<{ group_id: number | string; document_id: string }> = await db
          .from({ gcl: link.table })
          .join({ gcv: m.table }, 'gcv.id', `gcl.${link.targetColumn}`)
          .select({ group_id: `gcl.${link.ownerColumn}`, document_id: `gcv.${m.documentId}` })
          .min({ first: 'gcv.id' })
          .whereIn(`gcl.${link.ownerColumn}`, part)
          .groupBy(`gcl.${link.ownerColumn}`, `gcv.${m.documentId}`)
          .orderBy([{ column: `gcl.${link.ownerColumn}` }, { column: 'first' }]);
        for (const row of rows) {
          const id = Number(row.group_id);
          byGroup.set(id, [...(byGroup.get(id) ?? []), row.document_id]);
        }
      }
      return byGroup;
    },

    /**
     * Before a course's published rows are deleted (unpublish), every group and enrollment that links only
     * a published row also gets a link to the draft of the same locale, as the document service links a
     * type without Draft & Publish. The database drops the links to deleted rows, and an owner that linked
     * the published row alone (a query-engine write links one row) would lose its course.
     */
    async carryLinksOver(trx: Knex.Transaction, documentId: string) {
      const m = model();
      if (!m.publishedAt) return;
      const rows: Array<{ id: number; locale: string | null; published_at: unknown }> = await trx
        .from(m.table)
        .select('id', { published_at: m.publishedAt })
        .select(m.locale ? { locale: m.locale } : trx.raw('NULL as locale'))
        .where(m.documentId, documentId);
      const isPublished = (row: (typeof rows)[number]) => row.published_at !== null;
      const moves = rows.filter(isPublished).flatMap((gone) => {
        const kept = rows.find((row) => !isPublished(row) && row.locale === gone.locale);
        return kept ? [{ gone: Number(gone.id), kept: Number(kept.id) }] : [];
      });
      for (const [uid, attribute] of [
        [ENROLLMENT_UID, 'course'],
        [GROUP_UID, 'courses'],
      ] as const) {
        const link = linkOf(strapi, uid, attribute);
        for (const { gone, kept } of moves) {
          const owners: Array<{ owner: number }> = await trx
            .from(link.table)
            .select({ owner: link.ownerColumn })
            .where(link.targetColumn, gone)
            .whereNotIn(
              link.ownerColumn,
              trx.from(link.table).select(link.ownerColumn).where(link.targetColumn, kept)
            );
          await appendLinks(
            strapi,
            trx,
            uid,
            attribute,
            owners.map(({ owner }) => [Number(owner), kept] as const)
          );
        }
      }
    },

    /** Pairs `${groupId}:${documentId}` of the courses linked to these groups, whichever version each link holds. */
    async groupCoursePairs(db: Db, groupIds: readonly number[]): Promise<Set<string>> {
      const pairs = new Set<string>();
      for (const [groupId, documents] of await repository.documentsOfGroups(db, groupIds)) {
        for (const documentId of documents) pairs.add(`${groupId}:${documentId}`);
      }
      return pairs;
    },
  };
  return repository;
};

export type CourseRepository = ReturnType<typeof courseRepository>;
