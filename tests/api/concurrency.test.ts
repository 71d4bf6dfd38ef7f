/**
 * Seats under concurrency (the seat rule, docs/ARCHITECTURE.md): N = 12 parallel approvals of requested enrollments
 * against a seat limit K = 5 end with exactly 5 approved and 7 waitlisted — through the service, over HTTP
 * (the workspace route and the Content Manager), and with a second database connection in another process
 * holding the lock and approving some rows itself while this Strapi's approvals queue behind it.
 */
import { fork } from 'child_process';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { bootStrapi, PLAYGROUND, type TestStrapi } from '../helpers/strapi';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { otherPostgresConnection, untilSomeoneWaits } from '../helpers/sql';
import type { EnrollmentService } from '../../server/src/services/enrollment';
import type { Actor } from '../../server/src/utils/actor';

const N = 12;
const K = 5;
const ENROLLMENT_UID = 'plugin::groups.enrollment';
const GROUP_UID = 'plugin::groups.group';

describe('seat limit under concurrent approvals (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let service: EnrollmentService;
  let owner: { token: string; actor: Actor };
  let learners: Array<{ id: number; documentId: string }>;

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    service = strapi.plugin('groups').service('enrollment') as EnrollmentService;
    const registered = await registerSuperAdmin(strapi);
    owner = { token: registered.token, actor: { kind: 'admin', user: { id: registered.user.id } } };
    learners = await createLearners(strapi, N);
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** A group with K seats and N requested enrollments, one per learner. */
  const fullHouse = async () => {
    const course = await createCourse(strapi);
    const group = await createGroup(strapi, {
      seatLimit: K,
      members: learners.map((l) => l.id),
      courses: [course.id],
    });
    const enrollments = [];
    for (const learner of learners)
      enrollments.push(await requestEnrollment(strapi, learner.id, group, course));
    expect(enrollments.every((e) => e.state === 'requested')).toBe(true);
    return { group, enrollments };
  };

  const statesIn = async (groupId: number) => {
    const rows = (await strapi.db.query(ENROLLMENT_UID).findMany({
      where: { group: { id: groupId } },
      select: ['state', 'history'],
    })) as Array<{ state: string; history: Array<{ to: string }> }>;
    const count = (state: string) => rows.filter((r) => r.state === state).length;
    return {
      approved: count('approved'),
      waitlisted: count('waitlisted'),
      other: rows.length - count('approved') - count('waitlisted'),
      rows,
    };
  };

  const expectExactlyK = async (groupId: number) => {
    const states = await statesIn(groupId);
    expect({ approved: states.approved, waitlisted: states.waitlisted, other: states.other }).toEqual({
      approved: K,
      waitlisted: N - K,
      other: 0,
    });
    // Each row was decided exactly once: no approval was written twice or overwritten.
    for (const row of states.rows) expect(row.history.map((h) => h.to)).toEqual(['requested', row.state]);
  };

  it('through the service: Promise.all of 12 transitions', async () => {
    const { group, enrollments } = await fullHouse();
    const results = await Promise.all(
      enrollments.map((e) =>
        service.transition({ documentId: e.documentId, to: 'approved', actor: owner.actor })
      )
    );
    expect(results.filter((r) => r.state === 'approved')).toHaveLength(K);
    await expectExactlyK(group.id);
  });

  it('over HTTP: 12 parallel requests to the workspace transition route', async () => {
    const { group, enrollments } = await fullHouse();
    const responses = await Promise.all(
      enrollments.map((e) =>
        http(strapi)
          .post(`/groups/enrollments/${e.documentId}/transition`)
          .set(bearer(owner.token))
          .send({ action: 'approve' })
      )
    );
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(200));
    await expectExactlyK(group.id);
  });

  it('over HTTP: 12 parallel Content Manager updates setting state=approved', async () => {
    const { group, enrollments } = await fullHouse();
    const responses = await Promise.all(
      enrollments.map((e) =>
        http(strapi)
          .put(`/content-manager/collection-types/${ENROLLMENT_UID}/${e.documentId}`)
          .set(bearer(owner.token))
          .send({ state: 'approved' })
      )
    );
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(200));
    await expectExactlyK(group.id);
  });

  it('open groups: 12 learners asking at once get 5 seats and 7 waitlist places; a double request makes one', async () => {
    const course = await createCourse(strapi);
    const group = await createGroup(strapi, {
      enrollmentPolicy: 'open',
      seatLimit: K,
      members: learners.map((l) => l.id),
      courses: [course.id],
    });
    const asked = await Promise.all(learners.map((l) => requestEnrollment(strapi, l.id, group, course)));
    expect(asked.filter((e) => e.state === 'approved')).toHaveLength(K);
    await expectExactlyK(group.id);

    const otherCourse = await createCourse(strapi);
    const approval = await createGroup(strapi, { members: [learners[0].id], courses: [otherCourse.id] });
    const twice = await Promise.allSettled(
      Array.from({ length: 5 }, () => requestEnrollment(strapi, learners[0].id, approval, otherCourse))
    );
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const refused of twice.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(refused.reason).toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('already has an active'),
      });
    }
    expect(await strapi.db.query(ENROLLMENT_UID).count({ where: { group: { id: approval.id } } })).toBe(1);
  });

  it('5 parallel Content Manager creates of the same learner, course and group make exactly one enrollment', async () => {
    const course = await createCourse(strapi);
    const group = await createGroup(strapi, { members: [learners[1].id], courses: [course.id] });
    const ref = (entity: { documentId: string }) => ({ connect: [{ documentId: entity.documentId }] });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        http(strapi)
          .post(`/content-manager/collection-types/${ENROLLMENT_UID}`)
          .set(bearer(owner.token))
          .send({ learner: ref(learners[1]), group: ref(group), course: ref(course), state: 'requested' })
      )
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
    for (const refused of responses.filter((r) => r.status === 400)) {
      expect(refused.body.error.message).toContain('already has an active');
    }
    expect(await strapi.db.query(ENROLLMENT_UID).count({ where: { group: { id: group.id } } })).toBe(1);
  });

  it('two Strapi processes on one database, each approving all 12 at once', async () => {
    const { group, enrollments } = await fullHouse();
    const second = fork(path.join(__dirname, '..', 'helpers', 'second-strapi.js'), [], { env: process.env });
    const exited = new Promise<number | null>((resolve) => second.on('exit', resolve));
    try {
      const next = <T>(key: string) =>
        new Promise<T>((resolve, reject) => {
          const onMessage = (m: Record<string, unknown>) => {
            if (key in m) {
              second.off('message', onMessage);
              resolve(m[key] as T);
            }
          };
          second.on('message', onMessage);
          void exited.then((code) => reject(new Error(`second Strapi exited with ${code}`)));
        });
      await next<boolean>('ready');
      const documentIds = enrollments.map((e) => e.documentId);
      const theirs = next<string[]>('states');
      second.send({ approve: documentIds });
      const ours = await Promise.all(
        documentIds.map((documentId) =>
          service.transition({ documentId, to: 'approved', actor: owner.actor }).then((dto) => dto.state)
        )
      );
      const their = await theirs;
      expect(their.filter((state) => state.startsWith('error'))).toEqual([]);
      expect(ours.filter((state) => state === 'approved').length).toBeLessThanOrEqual(K);
      await expectExactlyK(group.id);
    } finally {
      second.send({ stop: true });
      await exited;
    }
  });

  it('with another process holding the lock and approving 2 rows itself while 12 approvals run here', async () => {
    const { group, enrollments } = await fullHouse();
    const n = {
      enrollments: strapi.db.metadata.get(ENROLLMENT_UID).tableName,
      groups: strapi.db.metadata.get(GROUP_UID).tableName,
      state:
        (strapi.db.metadata.get(ENROLLMENT_UID).attributes.state as { columnName?: string }).columnName ??
        'state',
    };
    const outside = enrollments.slice(0, 2).map((e) => e.id);
    const approveAll = () =>
      Promise.all(
        enrollments.map((e) =>
          service.transition({ documentId: e.documentId, to: 'approved', actor: owner.actor })
        )
      );

    if ((process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres') {
      // A plain pg connection, no Strapi: it locks the group row as another Strapi process would.
      const other = await otherPostgresConnection();
      try {
        await other.query('BEGIN');
        await other.query(`SELECT id FROM "${n.groups}" WHERE id = $1 FOR UPDATE`, [group.id]);
        await other.query(`UPDATE "${n.enrollments}" SET "${n.state}" = 'approved' WHERE id = ANY($1)`, [
          outside,
        ]);
        const running = approveAll();
        // Commit only once this Strapi's approvals are waiting on the group lock: they must then count
        // the two rows approved here, which they could not see when they started.
        await untilSomeoneWaits(other);
        await other.query('COMMIT');
        await running;
      } finally {
        await other.end();
      }
    } else {
      const file = path.join(PLAYGROUND, process.env.DATABASE_FILENAME as string);
      const child = fork(path.join(__dirname, '..', 'helpers', 'sqlite-writer.js'), [
        file,
        n.enrollments,
        n.state,
        ...outside.map(String),
      ]);
      const committed = new Promise<void>((resolve, reject) => {
        child.on('message', (m: { committed?: boolean }) => m.committed && resolve());
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`writer exited with ${code}`))
        );
      });
      await new Promise<void>((resolve) =>
        child.on('message', (m: { locked?: boolean }) => m.locked && resolve())
      );
      // The other process holds SQLite's writer lock now; these approvals wait for it, then count its rows.
      await approveAll();
      await committed;
    }

    const states = await statesIn(group.id);
    expect({ approved: states.approved, waitlisted: states.waitlisted }).toEqual({
      approved: K,
      waitlisted: N - K,
    });
  });
});
