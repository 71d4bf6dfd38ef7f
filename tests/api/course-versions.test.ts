/**
 * A course type with Draft & Publish (the playground's) and one with i18n as well: Strapi keeps a draft
 * and a published row per course (per locale) and links relations to several of them. Every list, report,
 * export and learner route must count each enrollment once and offer only published courses to learners.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createLearner, http, learnerLogin, registerSuperAdmin } from '../helpers/http';
import { binary, readWorkbook } from '../helpers/xlsx';
import { linkOf } from '../../server/src/utils/tables';

const GROUP = 'plugin::groups.group';
const ENROLLMENT = 'plugin::groups.enrollment';

type Doc = { id: number; documentId: string };

const makeGroup = async (strapi: Core.Strapi, name: string, members: number[], courses: string[]) =>
  (await strapi.documents(GROUP).create({
    data: {
      name,
      slug: name.toLowerCase().replace(/\W+/g, '-'),
      visibility: 'private',
      enrollmentPolicy: 'open',
      members: members.map((id) => ({ id })),
      courses,
    } as never,
  })) as unknown as Doc;

/** A learner with a users-permissions JWT. */
const signIn = async (strapi: Core.Strapi, username: string) => {
  const learner = await createLearner(strapi, username);
  return { ...learner, jwt: await learnerLogin(strapi, learner.email) };
};
type Learner = Awaited<ReturnType<typeof signIn>>;

const getAs = (strapi: Core.Strapi, token: string, url: string, query: Record<string, unknown> = {}) =>
  http(strapi).get(url).query(query).set(bearer(token));

const publishedCourse = async (strapi: Core.Strapi, uid: string, title: string) =>
  (await strapi
    .documents(uid as never)
    .create({ data: { title } as never, status: 'published' })) as unknown as Doc;

/** The rows Strapi keeps for one course document. */
const rowsOf = (strapi: Core.Strapi, uid: string, documentId: string) =>
  strapi.db.query(uid as never).findMany({ where: { documentId }, orderBy: { id: 'asc' } }) as Promise<
    Array<{ id: number; publishedAt: string | null; locale?: string; title: string }>
  >;

describe('a course type with Draft & Publish (real Strapi)', () => {
  const COURSE = 'api::course.course';
  let app: TestStrapi;
  let owner: string;
  let anna: Learner;
  let bram: Learner;
  let published: Doc;
  let draft: Doc;
  let group: Doc;

  const admin = (url: string, query: Record<string, unknown> = {}) => getAs(app.strapi, owner, url, query);
  const learner = (jwt: string, url: string) => getAs(app.strapi, jwt, url);
  const ask = (jwt: string, courseId: string, groupId = group.documentId) =>
    http(app.strapi).post('/api/groups/my/enrollments').set(bearer(jwt)).send({ groupId, courseId });
  const enrollmentCount = () => app.strapi.db.query(ENROLLMENT).count({});

  beforeAll(async () => {
    app = await bootStrapi();
    const { strapi } = app;
    owner = (await registerSuperAdmin(strapi)).token;
    anna = await signIn(strapi, 'dp-anna');
    bram = await signIn(strapi, 'dp-bram');
    const docs = strapi.documents(COURSE as never);
    // Linked while still a draft, published afterwards, as an editor would.
    published = (await docs.create({ data: { title: 'Published course' } as never })) as unknown as Doc;
    draft = (await docs.create({ data: { title: 'Draft course' } as never })) as unknown as Doc;
    group = await makeGroup(
      strapi,
      'Versions group',
      [anna.id, bram.id],
      [published.documentId, draft.documentId]
    );
    await docs.publish({ documentId: published.documentId });

    // Anna asks for the published course; the system places her in the draft one.
    expect((await ask(anna.jwt, published.documentId)).status).toBe(201);
    await strapi
      .plugin('groups')
      .service('enrollment')
      .request({
        learnerId: anna.id,
        groupDocumentId: group.documentId,
        courseDocumentId: draft.documentId,
        actor: { kind: 'system' },
      });
    // The editor changes the course and publishes it again: a new published row.
    await docs.update({ documentId: published.documentId, data: { title: 'Published course v2' } as never });
    await docs.publish({ documentId: published.documentId });
    const versions = await rowsOf(strapi, COURSE, published.documentId);
    expect(versions.filter((row) => row.publishedAt !== null)).toHaveLength(1);
    expect(versions).toHaveLength(2);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists each enrollment once in the workspace, a draft course marked as such', async () => {
    const res = await admin('/groups/enrollments', { group: group.documentId, pageSize: 100 });
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(2);
    expect(res.body.data).toHaveLength(2);
    const byCourse = new Map(res.body.data.map((row: any) => [row.course.documentId, row.course]));
    expect(byCourse.get(published.documentId)).toEqual({
      documentId: published.documentId,
      title: 'Published course v2',
      draft: false,
    });
    expect(byCourse.get(draft.documentId)).toEqual({
      documentId: draft.documentId,
      title: 'Draft course',
      draft: true,
    });
    for (const sort of ['course:asc', 'course:desc', 'learner:asc']) {
      const sorted = await admin('/groups/enrollments', { group: group.documentId, sort });
      expect(sorted.body.data).toHaveLength(2);
    }
    const filtered = await admin('/groups/enrollments', { course: published.documentId });
    expect(filtered.body.meta.pagination.total).toBe(1);
    expect(filtered.body.data).toHaveLength(1);
  });

  it('counts each enrollment once in the report, its totals and its status mix', async () => {
    const res = await admin('/groups/reports', { group: group.documentId, pageSize: 100 });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.meta.totals.total).toBe(2);
    expect(res.body.meta.pagination.total).toBe(2);
    expect(res.body.meta.mix).toHaveLength(2);
    expect(res.body.meta.mix.map((entry: any) => [entry.course.title, entry.total]).sort()).toEqual([
      ['Draft course', 1],
      ['Published course v2', 1],
    ]);
  });

  it('exports each enrollment once', async () => {
    const res = await admin('/groups/reports/export', { group: group.documentId }).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const detail = (await readWorkbook(res.body as Buffer)).getWorksheet('Enrollments')!;
    expect(detail.rowCount).toBe(3);
    const courses = [2, 3].map((n) => detail.getRow(n).getCell(4).value).sort();
    expect(courses).toEqual(['Draft course', 'Published course v2']);
  });

  it('counts the overview once per enrollment and lists each course once', async () => {
    const res = await admin('/groups/workspace/overview');
    const mine = res.body.data.find((g: any) => g.documentId === group.documentId);
    expect(mine.enrollments).toBe(2);
    expect(mine.members).toBe(2);
    expect(mine.courses).toEqual([
      { documentId: draft.documentId, title: 'Draft course', draft: true, completeWithinDays: null },
      {
        documentId: published.documentId,
        title: 'Published course v2',
        draft: false,
        completeWithinDays: null,
      },
    ]);
  });

  it('offers a learner each published course once, never a draft', async () => {
    const res = await learner(bram.jwt, '/api/groups/my/groups');
    expect(res.status).toBe(200);
    const mine = res.body.data.find((g: any) => g.documentId === group.documentId);
    expect(mine.courses).toEqual([{ documentId: published.documentId, title: 'Published course v2' }]);
  });

  it('lists a learner’s enrollments once, with no title for a course that is not published', async () => {
    const res = await learner(anna.jwt, '/api/groups/my/enrollments');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(2);
    expect(
      res.body.data
        .map((row: any) => row.course)
        .sort((a: any, b: any) => (a.title ?? '').localeCompare(b.title ?? ''))
    ).toEqual([
      { documentId: draft.documentId, title: null },
      { documentId: published.documentId, title: 'Published course v2' },
    ]);
  });

  it('refuses a request for a course that is not published, writing nothing', async () => {
    const before = await enrollmentCount();
    const res = await ask(bram.jwt, draft.documentId);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/published/);
    expect(await enrollmentCount()).toBe(before);
  });

  it('sees one active enrollment per course whichever versions the rows link', async () => {
    // Written as the Content Manager does: the enrollment links both versions of the course.
    const viaDocuments = await app.strapi.documents(ENROLLMENT).create({
      data: {
        learner: bram.id,
        group: group.documentId,
        course: published.documentId,
        state: 'requested',
      } as never,
    });
    const link = linkOf(app.strapi, ENROLLMENT, 'course');
    const links = await app.strapi.db.connection(link.table).where(link.ownerColumn, viaDocuments.id);
    expect(links).toHaveLength(2);
    const again = await ask(bram.jwt, published.documentId);
    expect(again.status).toBe(400);
    const list = await admin('/groups/enrollments', { group: group.documentId, pageSize: 100 });
    expect(list.body.meta.pagination.total).toBe(3);
    expect(list.body.data).toHaveLength(3);
    const approve = await http(app.strapi)
      .post(`/groups/enrollments/${viaDocuments.documentId}/transition`)
      .set(bearer(owner))
      .send({ action: 'approve' });
    expect(approve.status).toBe(200);
    expect(approve.body.data.state).toBe('approved');
  });

  it('finds the course in the group whichever version the group links', async () => {
    const { strapi } = app;
    const only = await publishedCourse(strapi, COURSE, 'Linked by its published row');
    const rows = await rowsOf(strapi, COURSE, only.documentId);
    const publishedRow = rows.find((row) => row.publishedAt !== null)!;
    const other = await makeGroup(strapi, 'Published link group', [bram.id], []);
    // Only the published row, as a query-engine write would leave it.
    await strapi.db.query(GROUP).update({ where: { id: other.id }, data: { courses: [publishedRow.id] } });
    const res = await ask(bram.jwt, only.documentId, other.documentId);
    expect(res.status).toBe(201);
    expect(res.body.data.course).toEqual({
      documentId: only.documentId,
      title: 'Linked by its published row',
    });
  });

  it('stops offering a course once it is unpublished, and still counts its enrollments once', async () => {
    // A row that links the published version only (a query-engine write, as the enrollment service makes
    // when the database returns that version first) keeps its course: the link moves to the draft.
    const { strapi } = app;
    const publishedRow = (await rowsOf(strapi, COURSE, published.documentId)).find((r) => r.publishedAt)!;
    const cora = await signIn(strapi, 'dp-cora');
    await strapi.db.query(ENROLLMENT).create({
      data: {
        documentId: 'dpcoraenrollment00000000',
        learner: cora.id,
        group: group.id,
        course: publishedRow.id,
        state: 'requested',
      },
    });
    await strapi.documents(COURSE as never).unpublish({ documentId: published.documentId });
    const groups = await learner(bram.jwt, '/api/groups/my/groups');
    const mine = groups.body.data.find((g: any) => g.documentId === group.documentId);
    expect(mine.courses).toEqual([]);
    expect((await ask(bram.jwt, published.documentId)).status).toBe(404);
    const report = await admin('/groups/reports', { group: group.documentId });
    expect(report.body.meta.totals.total).toBe(4);
    expect(report.body.data).toHaveLength(4);
    expect(report.body.data.filter((r: any) => r.course.documentId === published.documentId)).toHaveLength(3);
    const row = report.body.data.find((r: any) => r.course.documentId === published.documentId);
    expect(row.course).toEqual({
      documentId: published.documentId,
      title: 'Published course v2',
      draft: true,
    });
  });

  it('keeps the course of a row that links only the draft when the draft is discarded', async () => {
    const { strapi } = app;
    const docs = strapi.documents(COURSE as never);
    const course = await publishedCourse(strapi, COURSE, 'Discarded draft');
    await docs.update({ documentId: course.documentId, data: { title: 'Discarded draft, edited' } as never });
    const draftRow = (await rowsOf(strapi, COURSE, course.documentId)).find((r) => !r.publishedAt)!;
    const dora = await signIn(strapi, 'dp-dora');
    const other = await makeGroup(strapi, 'Discard group', [dora.id], [course.documentId]);
    await strapi.db.query(ENROLLMENT).create({
      data: {
        documentId: 'dpdoraenrollment00000000',
        learner: dora.id,
        group: other.id,
        course: draftRow.id,
        state: 'requested',
      },
    });
    await docs.discardDraft({ documentId: course.documentId });
    const list = await admin('/groups/enrollments', { group: other.documentId });
    expect(list.body.data.map((row: any) => row.course)).toEqual([
      { documentId: course.documentId, title: 'Discarded draft', draft: false },
    ]);
    const groups = await learner(dora.jwt, '/api/groups/my/groups');
    expect(groups.body.data.find((g: any) => g.documentId === other.documentId).courses).toEqual([
      { documentId: course.documentId, title: 'Discarded draft' },
    ]);
  });
});

describe('a localized course type with Draft & Publish (real Strapi)', () => {
  const COURSE = 'api::localized-course.localized-course';
  let app: TestStrapi;
  let owner: string;
  let anna: Learner;
  let course: Doc;
  let unpublished: Doc;
  let group: Doc;

  const admin = (url: string, query: Record<string, unknown> = {}) => getAs(app.strapi, owner, url, query);
  const learner = (url: string, query: Record<string, unknown> = {}) =>
    getAs(app.strapi, anna.jwt, url, query);

  beforeAll(async () => {
    app = await bootStrapi({ pluginConfig: { courseContentType: COURSE } });
    const { strapi } = app;
    owner = (await registerSuperAdmin(strapi)).token;
    await strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
    anna = await signIn(strapi, 'i18n-anna');
    const docs = strapi.documents(COURSE as never);
    course = (await docs.create({
      data: { title: 'Safety first', durationMinutes: 30 } as never,
      status: 'published',
    })) as unknown as Doc;
    await docs.update({
      documentId: course.documentId,
      locale: 'fr',
      data: { title: 'La sécurité d’abord' } as never,
      status: 'published',
    });
    unpublished = (await docs.create({ data: { title: 'Not yet' } as never })) as unknown as Doc;
    group = await makeGroup(
      strapi,
      'Localized group',
      [anna.id],
      [course.documentId, unpublished.documentId]
    );
    const asked = await http(strapi)
      .post('/api/groups/my/enrollments')
      .set(bearer(anna.jwt))
      .send({ groupId: group.documentId, courseId: course.documentId });
    expect(asked.status).toBe(201);
    // Published again in both locales: new published rows.
    await docs.update({ documentId: course.documentId, data: { title: 'Safety first!' } as never });
    await docs.publish({ documentId: course.documentId, locale: '*' } as never);
    expect((await rowsOf(strapi, COURSE, course.documentId)).length).toBe(4);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('shows a learner the course in the locale asked for, else the default, once', async () => {
    const titles = async (query: Record<string, unknown>) => {
      const res = await learner('/api/groups/my/groups', query);
      expect(res.status).toBe(200);
      return res.body.data.find((g: any) => g.documentId === group.documentId).courses;
    };
    expect(await titles({ locale: 'fr' })).toEqual([
      { documentId: course.documentId, title: 'La sécurité d’abord' },
    ]);
    expect(await titles({})).toEqual([{ documentId: course.documentId, title: 'Safety first!' }]);
    expect(await titles({ locale: 'de' })).toEqual([
      { documentId: course.documentId, title: 'Safety first!' },
    ]);
    expect((await learner('/api/groups/my/groups', { locale: 'x y' })).status).toBe(400);

    const enrollments = await learner('/api/groups/my/enrollments', { locale: 'fr' });
    expect(enrollments.body.meta.pagination.total).toBe(1);
    expect(enrollments.body.data.map((row: any) => row.course.title)).toEqual(['La sécurité d’abord']);
  });

  it('refuses a course that is not published in any locale', async () => {
    const res = await http(app.strapi)
      .post('/api/groups/my/enrollments')
      .set(bearer(anna.jwt))
      .send({ groupId: group.documentId, courseId: unpublished.documentId });
    expect(res.status).toBe(404);
  });

  it('counts each enrollment once for the manager, titled in the default locale', async () => {
    const list = await admin('/groups/enrollments', { group: group.documentId });
    expect(list.body.meta.pagination.total).toBe(1);
    expect(list.body.data.map((row: any) => row.course)).toEqual([
      { documentId: course.documentId, title: 'Safety first!', draft: false },
    ]);
    const report = await admin('/groups/reports', { group: group.documentId, sort: 'course:asc' });
    expect(report.body.meta.totals.total).toBe(1);
    expect(report.body.data).toHaveLength(1);
    expect(report.body.meta.mix).toHaveLength(1);
    const overview = await admin('/groups/workspace/overview');
    const mine = overview.body.data.find((g: any) => g.documentId === group.documentId);
    expect(mine.enrollments).toBe(1);
    expect(mine.courses.map((c: any) => [c.title, c.draft])).toEqual([
      ['Not yet', true],
      ['Safety first!', false],
    ]);
  });
});
