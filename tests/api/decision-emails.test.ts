/**
 * Decision emails against a real Strapi and a real SMTP server on 127.0.0.1: each decision on an enrollment
 * (approve, reject with its reason, waitlist, a place from the waitlist, unenroll) delivers one email to the
 * learner, in their language, whichever road the change took (workspace route, service, bulk, Content
 * Manager); a bulk approval enqueues its emails in a bounded number of statements; a change that rolls back
 * after its email was written sends nothing; a reason that looks like HTML arrives escaped in the HTML part.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { recordStatements } from '../helpers/sql';
import type { OutboxService } from '../../server/src/services/outbox';
import type { EnrollmentService } from '../../server/src/services/enrollment';

const SYSTEM = { kind: 'system' } as const;
const ENROLLMENT_UID = 'plugin::groups.enrollment';

describe('decision emails (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let smtp: TestSmtp;
  let outbox: OutboxService;
  let enrollment: EnrollmentService;
  let ownerToken: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    app = await bootStrapi({
      pluginConfig: {
        courseContentType: 'api::course.course',
        // The worker stays off: each test drains when it wants its mail.
        emailDelivery: { workerIntervalMs: 0 },
      },
    });
    strapi = app.strapi;
    outbox = strapi.plugin('groups').service('outbox') as OutboxService;
    enrollment = strapi.plugin('groups').service('enrollment') as EnrollmentService;
    ownerToken = (await registerSuperAdmin(strapi)).token;
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await outbox.drain();
    smtp.clear();
  });

  /** A group with one course and `count` learners, each with a requested enrollment. */
  const fixture = async (count: number, options: { seatLimit?: number | null; locale?: string } = {}) => {
    const course = await createCourse(strapi, `Safety <b>101</b> ${Date.now()}`);
    const learners = await createLearners(strapi, count);
    if (options.locale) {
      await strapi.db
        .query('plugin::users-permissions.user')
        .updateMany({ where: { id: { $in: learners.map((l) => l.id) } }, data: { locale: options.locale } });
    }
    const group = await createGroup(strapi, {
      members: learners.map((l) => l.id),
      courses: [course.id],
      seatLimit: options.seatLimit ?? null,
    });
    const enrollments = [];
    for (const learner of learners)
      enrollments.push(await requestEnrollment(strapi, learner.id, group, course));
    return { course, group, learners, enrollments };
  };

  const move = (
    documentId: string,
    to: 'approved' | 'rejected' | 'waitlisted' | 'cancelled',
    reason?: string
  ) => enrollment.transition({ documentId, to, reason, actor: SYSTEM });

  it('sends one email per decision: approved, rejected with its reason, waitlisted, promoted, unenrolled', async () => {
    const { learners, enrollments } = await fixture(3, { seatLimit: 1 });
    const [a, b, c] = enrollments;
    // Through the workspace route, as a manager approves.
    const res = await http(strapi)
      .post(`/groups/enrollments/${a.documentId}/transition`)
      .set(bearer(ownerToken))
      .send({ action: 'approve' });
    expect(res.status).toBe(200);
    await move(b.documentId, 'approved'); // no seat left: waitlisted
    await move(c.documentId, 'rejected', 'The course is for the night shift only.');
    await move(a.documentId, 'cancelled', 'Moved to another site.'); // unenrolled
    await move(b.documentId, 'approved'); // the freed seat: a place from the waitlist

    expect(await outbox.drain()).toMatchObject({ sent: 5, failed: 0 });
    // The worker sends a batch at once, so one learner's mails may arrive in any order.
    const subjects = (i: number) =>
      smtp
        .to(learners[i].email)
        .map((m) => m.subject)
        .sort();
    expect(subjects(0)).toEqual([
      expect.stringMatching(/^You are no longer enrolled in Safety <b>101<\/b>/),
      expect.stringMatching(/^You have a place in Safety <b>101<\/b>/),
    ]);
    expect(subjects(1)).toEqual([
      expect.stringMatching(/^A place in .* is yours$/),
      expect.stringMatching(/^You are on the waitlist for /),
    ]);
    expect(subjects(2)).toEqual([expect.stringContaining('was not approved')]);
    const [rejection] = smtp.to(learners[2].email);
    expect(rejection.text).toContain('The course is for the night shift only.');
    expect(rejection.html).toContain('The course is for the night shift only.');
    const unenrolled = smtp.to(learners[0].email).find((m) => m.subject.startsWith('You are no longer'));
    expect(unenrolled?.text).toContain('Moved to another site.');
    // Nothing is sent twice.
    expect(await outbox.drain()).toMatchObject({ sent: 0 });
  });

  it('writes to a learner with locale nl in Dutch', async () => {
    const { learners, enrollments } = await fixture(1, { locale: 'nl' });
    await move(enrollments[0].documentId, 'rejected', 'Vol.');
    await outbox.drain();
    const [mail] = smtp.to(learners[0].email);
    expect(mail.subject).toMatch(/^Je aanvraag voor .* is niet goedgekeurd$/);
    expect(mail.text).toContain('Hallo ');
    expect(mail.text).toContain('Opgegeven reden: Vol.');
  });

  it('escapes a reason and a title that look like HTML in the HTML part', async () => {
    const { learners, enrollments } = await fixture(1);
    await move(enrollments[0].documentId, 'rejected', '<script>alert("x")</script> & more');
    await outbox.drain();
    const [mail] = smtp.to(learners[0].email);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Safety &lt;b&gt;101&lt;/b&gt;');
    expect(mail.text).toContain('<script>alert("x")</script> & more');
  });

  it('enqueues a bulk approval of N in one insert, and a bounded number of statements', async () => {
    const count = async (n: number) => {
      const { enrollments } = await fixture(n);
      const statements = await recordStatements(strapi, () =>
        enrollment.bulkTransition({
          documentIds: enrollments.map((e) => e.documentId),
          to: 'approved',
          actor: SYSTEM,
        })
      );
      const inserts = statements.filter((s) => /insert into .*outbox/i.test(s.sql));
      return { total: statements.length, inserts: inserts.length, enrollments };
    };
    const small = await count(2);
    const large = await count(12);
    expect(small.inserts).toBe(1);
    expect(large.inserts).toBe(1);
    // The statements do not grow with the batch.
    expect(large.total).toBe(small.total);
    expect(await outbox.drain()).toMatchObject({ sent: 14 });
  });

  it('sends nothing when the change rolls back after its email was written', async () => {
    const { learners, enrollments } = await fixture(1);
    const outboxRows = () =>
      strapi.db
        .query('plugin::groups.outbox-message')
        .count({ where: { recipientEmail: learners[0].email } });
    await expect(
      strapi.db.transaction(async () => {
        await move(enrollments[0].documentId, 'approved');
        // The approval and its email are written in this transaction…
        expect(await outboxRows()).toBe(1);
        // …and a later step of the same change fails.
        throw new Error('a later step failed');
      })
    ).rejects.toThrow('a later step failed');
    expect(await outboxRows()).toBe(0);
    expect(await outbox.drain()).toMatchObject({ sent: 0 });
    expect(smtp.to(learners[0].email)).toEqual([]);
    const [row] = await strapi.db
      .query(ENROLLMENT_UID)
      .findMany({ where: { documentId: enrollments[0].documentId } });
    expect(row.state).toBe('requested');
  });

  it('sends when the Content Manager (document service) changes the state', async () => {
    const { learners, enrollments } = await fixture(1);
    await strapi.documents(ENROLLMENT_UID).update({
      documentId: enrollments[0].documentId,
      data: { state: 'approved' } as never,
    });
    await outbox.drain();
    expect(smtp.to(learners[0].email).map((m) => m.subject)).toEqual([
      expect.stringContaining('You have a place in'),
    ]);
  });
});
