/**
 * Settings → Groups against a real Strapi and a real SMTP server on 127.0.0.1: who may open it (the Super
 * Admin, a role given `settings.manage`; not a Group Manager), bad values refused with a sentence, a saved
 * option applied on the next request and a reset back to the config file; the email templates: listed per
 * kind with their variables, refused on save with the line and variable named, the last good version sent,
 * every variable escaped in the HTML part, the preview, and a test email that arrives; reminders and digests
 * are templates too (a saved reminder is what a learner receives; a digest's lists preview as lines).
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import type { EmailKindView, SettingsView } from '../../common/contracts/settings';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { adminLogin, bearer, createAdminUser, http, registerSuperAdmin } from '../helpers/http';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import type { OutboxService } from '../../server/src/services/outbox';
import { REFRESH_MS, type SettingsService } from '../../server/src/services/settings';
import type { EnrollmentService } from '../../server/src/services/enrollment';
import type { InvitationsService } from '../../server/src/services/invitations';
import type { NotificationsService } from '../../server/src/services/notifications';
import { NOTIFICATION_KINDS } from '../../common/domain/notification-emails';

const SETTINGS = '/groups/settings';
const TEMPLATES = '/groups/settings/templates';
const LEARNER_UID = 'plugin::users-permissions.user';

describe('Settings → Groups (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let smtp: TestSmtp;
  let owner: string;
  let manager: string;
  let keeper: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    app = await bootStrapi({
      pluginConfig: {
        courseContentType: 'api::course.course',
        messagesPerHour: 40,
        invitationUrl: 'http://localhost:1337/confirm-invitation',
        emailDelivery: { workerIntervalMs: 0 },
      },
    });
    strapi = app.strapi;
    owner = (await registerSuperAdmin(strapi)).token;
    await createAdminUser(strapi, 'manager@settings.test', [GROUP_MANAGER_ROLE.code]);
    manager = await adminLogin(strapi, 'manager@settings.test');
    // A role of the site owner's own making, given only the settings permission.
    const role = await strapi
      .service('admin::role')
      .create({ name: 'Settings keeper', description: 'Keeps the Groups settings' });
    await strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::groups.settings.manage' }]);
    await createAdminUser(strapi, 'keeper@settings.test', [role.code]);
    keeper = await adminLogin(strapi, 'keeper@settings.test');
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  beforeEach(() => smtp.clear());
  // Every test starts from the config file's values.
  afterEach(async () => {
    await http(strapi).put(SETTINGS).set(bearer(owner)).send({ overrides: {} });
  });

  const put = (overrides: Record<string, unknown>, token = owner) =>
    http(strapi).put(SETTINGS).set(bearer(token)).send({ overrides });
  const view = async () =>
    (await http(strapi).get(SETTINGS).set(bearer(owner)).expect(200)).body.data as SettingsView;

  it('opens for the Super Admin and a role given settings.manage, not for a Group Manager', async () => {
    for (const [who, token, status] of [
      ['owner', owner, 200],
      ['keeper', keeper, 200],
      ['manager', manager, 403],
    ] as const) {
      const settings = await http(strapi).get(SETTINGS).set(bearer(token));
      const templates = await http(strapi).get(TEMPLATES).set(bearer(token));
      expect([who, settings.status, templates.status]).toEqual([who, status, status]);
    }
    expect((await put({ messagesPerHour: 3 }, manager)).status).toBe(403);
    expect((await http(strapi).get(SETTINGS)).status).toBe(401);
    expect((await view()).overridden).toEqual([]);
  });

  it('shows each option with its config default and whether it is overridden; a reset follows the config', async () => {
    const before = await view();
    expect(before.defaults).toEqual(before.values);
    expect(before.defaults).toMatchObject({
      messagesPerHour: 40,
      strictSeatLimit: false,
      defaultLanguage: 'en',
    });
    const saved = (await put({ messagesPerHour: 7, atRiskMargin: 30 }, keeper).expect(200)).body
      .data as SettingsView;
    expect(saved.values).toMatchObject({ messagesPerHour: 7, atRiskMargin: 30 });
    expect(saved.defaults).toMatchObject({ messagesPerHour: 40, atRiskMargin: 20 });
    expect(saved.overridden.sort()).toEqual(['atRiskMargin', 'messagesPerHour']);
    const reset = (await put({}).expect(200)).body.data as SettingsView;
    expect(reset.values).toEqual(reset.defaults);
    expect(reset.overridden).toEqual([]);
  });

  it.each([
    [{ messagesPerHour: 0 }, 'body.overrides.messagesPerHour: must be at least 1'],
    [{ messagesPerHour: 2.5 }, 'body.overrides.messagesPerHour: must be a whole number'],
    [{ invitationUrl: 'not an address' }, 'body.overrides.invitationUrl: must be a full address'],
    [{ invitationUrl: 'ftp://example.com/x' }, 'body.overrides.invitationUrl: must start with http'],
    [{ defaultLanguage: 'de' }, 'body.overrides.defaultLanguage: must be one of en, nl'],
    [
      { atRiskMargin: 101 },
      'body.overrides.atRiskMargin: must be a whole number of percentage points from 0 to 100',
    ],
    [{ strictSeatLimit: 'yes' }, 'body.overrides.strictSeatLimit: must be true or false'],
    [{ colour: 'red' }, "Unrecognized key(s) in object: 'colour'"],
  ])('refuses %j with a 400 that says why', async (overrides, message) => {
    const res = await put(overrides);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('applies a saved option on the next request: messages per hour, the default language of the footer', async () => {
    const [en, nl, plain] = await createLearners(strapi, 3);
    await strapi.db.query(LEARNER_UID).update({ where: { id: nl.id }, data: { locale: 'nl' } });
    const group = await createGroup(strapi, { members: [en.id, nl.id, plain.id] });
    const send = () =>
      http(strapi)
        .post(`/groups/groups/${group.documentId}/messages`)
        .set(bearer(owner))
        .send({ subject: 'Room change', body: 'Room 4 today.', recipients: { kind: 'all' } });

    await put({ messagesPerHour: 2 }).expect(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('at most 2 an hour');

    await put({ defaultLanguage: 'nl' }).expect(200);
    expect((await send()).status).toBe(200);
    const footer = (address: string) => smtp.to(address)[0]?.text.split(/--\r?\n/)[1];
    expect(footer(nl.email)).toMatch(/^Je ontvangt deze e-mail als lid van de groep "/);
    // No locale of their own: the default language, changed a moment ago.
    expect(footer(plain.email)).toMatch(/^Je ontvangt deze e-mail/);
    await strapi.db.query(LEARNER_UID).update({ where: { id: en.id }, data: { locale: 'en-GB' } });
    smtp.clear();
    expect((await send()).status).toBe(200);
    expect(footer(en.email)).toMatch(/^You receive this email as a member of the group "/);
  });

  it('picks up a change saved on another node, also on a node whose email worker (and timer) is off', async () => {
    const settings = strapi.plugin('groups').service('settings') as SettingsService;
    // Another node saves: the row changes under this node, whose memory still holds the old value.
    await strapi
      .store({ type: 'plugin', name: 'groups', key: 'settings' })
      .set({ value: { messagesPerHour: 5 } });
    expect(settings.current().messagesPerHour).toBe(40);
    const later = Date.now() + REFRESH_MS + 1;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      settings.current(); // older than REFRESH_MS: re-read in the background
      let seen = 40;
      for (let tries = 0; tries < 100 && seen !== 5; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = settings.current().messagesPerHour;
      }
      expect(seen).toBe(5);
    } finally {
      clock.mockRestore();
    }
  });

  it('serves the demo site’s invitation page outside /api, without an inline script', async () => {
    const res = await http(strapi).get('/confirm-invitation?token=abc').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<script src="/confirm-invitation.js"></script>');
  });

  describe('email templates', () => {
    const templatePath = (kind: string, language: string) => `${TEMPLATES}/${kind}/${language}`;
    const save = (kind: string, language: string, body: object) =>
      http(strapi).put(templatePath(kind, language)).set(bearer(owner)).send(body);

    it('lists every kind with its variables, default words in both languages and whether they are the owner’s', async () => {
      const kinds = (await http(strapi).get(TEMPLATES).set(bearer(owner)).expect(200)).body
        .data as EmailKindView[];
      expect(kinds.map((k) => k.kind)).toEqual(
        expect.arrayContaining([
          'enrollment-approved',
          'enrollment-rejected',
          'enrollment-waitlisted',
          'enrollment-promoted',
          'enrollment-unenrolled',
          'invitation',
          'member-message-footer',
        ])
      );
      const rejected = kinds.find((k) => k.kind === 'enrollment-rejected')!;
      expect(rejected.variables.map((v) => v.name)).toEqual([
        'learnerName',
        'groupName',
        'courseTitle',
        'reason',
      ]);
      expect(rejected.templates.nl).toMatchObject({
        overridden: false,
        subject: rejected.templates.nl.defaults.subject,
      });
      expect(kinds.find((k) => k.kind === 'member-message-footer')!.hasSubject).toBe(false);
      expect(kinds.find((k) => k.kind === 'invitation')!.variables.find((v) => v.link)?.name).toBe(
        'invitationLink'
      );
    });

    it.each([
      [
        { subject: 'Hi', body: 'Hello {{learnerName}},\n\nWelcome to {{learnerNme}}.' },
        'body, line 3: unknown variable {{learnerNme}}; this email knows {{learnerName}}',
      ],
      [{ subject: 'Hi {{password}}', body: 'x' }, 'subject, line 1: unknown variable {{password}}'],
      [
        { subject: 'Hi', body: 'One\n{{#if reason}}Reason: {{reason}}' },
        'body, line 2: {{#if reason}} is never closed',
      ],
      [{ subject: 'Hi', body: 'One\ntwo {{courseTitle' }, 'body, line 2: "{{" is never closed'],
      [{ subject: 'Hi', body: '{{#each groupName}}x{{/each}}' }, 'the only block is {{#if name}}'],
      [{ subject: 'Hi', body: '{{{groupName}}}' }, 'is not a tag'],
      [{ subject: 'Hi', body: '{{constructor.name}}' }, 'is not a variable name'],
      [{ subject: '', body: 'x' }, 'subject: write a subject'],
      [{ subject: 'Hi', body: '   ' }, 'body.body: must not be empty'],
    ])('refuses %j on save, naming the line and the variable', async (body, message) => {
      const res = await save('enrollment-approved', 'en', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('answers 400 for an unknown language and 404 for an unknown kind', async () => {
      expect((await save('enrollment-approved', 'de', { subject: 'x', body: 'x' })).status).toBe(400);
      const missing = await save('no-such-kind', 'en', { subject: 'x', body: 'x' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('No email kind "no-such-kind"');
    });

    it('sends the saved words, every variable escaped in HTML, and keeps the last good version after a refused save', async () => {
      const outbox = strapi.plugin('groups').service('outbox') as OutboxService;
      const enrollment = strapi.plugin('groups').service('enrollment') as EnrollmentService;
      await save('enrollment-approved', 'en', {
        subject: 'Welcome to {{courseTitle}} <3',
        body: 'Dear {{learnerName}},\n\n<i>{{courseTitle}}</i> in {{groupName}} is yours.{{#if reason}} Note: {{reason}}{{/if}}',
      }).expect(200);
      const refused = await save('enrollment-approved', 'en', { subject: 'Broken', body: '{{#if reason}}' });
      expect(refused.status).toBe(400);

      const course = await createCourse(strapi, `Lifting <b>safe</b> & sound ${Date.now()}`);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const request = await requestEnrollment(strapi, learner.id, group, course);
      await outbox.drain();
      smtp.clear();
      await enrollment.transition({
        documentId: request.documentId,
        to: 'approved',
        actor: { kind: 'system' },
      });
      await outbox.drain();
      const [mail] = smtp.to(learner.email);
      expect(mail.subject).toMatch(/^Welcome to Lifting <b>safe<\/b> & sound \d+ <3$/);
      expect(mail.text).toContain(`Dear ${learner.username},`);
      expect(mail.text).toContain('<i>Lifting <b>safe</b> & sound');
      expect(mail.html).toContain('&lt;i&gt;Lifting &lt;b&gt;safe&lt;/b&gt; &amp; sound');
      expect(mail.html).not.toContain('<b>');
      expect(mail.text).not.toContain('Note:');

      const kinds = (await http(strapi).get(TEMPLATES).set(bearer(owner)).expect(200)).body
        .data as EmailKindView[];
      const approved = kinds.find((k) => k.kind === 'enrollment-approved')!;
      expect(approved.templates.en).toMatchObject({
        overridden: true,
        subject: 'Welcome to {{courseTitle}} <3',
      });
      expect(approved.templates.nl.overridden).toBe(false);

      const reset = await http(strapi)
        .delete(templatePath('enrollment-approved', 'en'))
        .set(bearer(owner))
        .expect(200);
      expect((reset.body.data as EmailKindView).templates.en).toMatchObject({
        overridden: false,
        subject: 'You have a place in {{courseTitle}}',
      });
    });

    it('previews unsaved words with sample data, escaped in HTML', async () => {
      const res = await http(strapi)
        .post(`${templatePath('enrollment-rejected', 'nl')}/preview`)
        .set(bearer(owner))
        .send({
          subject: 'Over {{courseTitle}}',
          body: 'Hallo {{learnerName}} <script>\n{{#if reason}}Reden: {{reason}}{{/if}}',
        })
        .expect(200);
      expect(res.body.data).toEqual({
        subject: 'Over Safe lifting',
        text: 'Hallo Eva de Jong <script>\nReden: The course is for the night shift only.',
        html: '<p>Hallo Eva de Jong &lt;script&gt;<br>Reden: The course is for the night shift only.</p>',
      });
      const bad = await http(strapi)
        .post(`${templatePath('enrollment-rejected', 'nl')}/preview`)
        .set(bearer(owner))
        .send({ subject: 'x', body: '{{nope}}' });
      expect(bad.status).toBe(400);
    });

    it('sends a test email to the admin who asks, through the real SMTP server', async () => {
      const res = await http(strapi)
        .post(`${templatePath('invitation', 'en')}/test`)
        .set(bearer(keeper))
        .send({ subject: 'Join {{groupName}}', body: 'Click {{invitationLink}}' })
        .expect(200);
      expect(res.body.data).toEqual({ to: 'keeper@settings.test' });
      const [mail] = smtp.to('keeper@settings.test');
      expect(mail.subject).toBe('Join Amsterdam nursing team');
      expect(mail.html).toContain(
        '<a href="https://example.com/confirm-invitation?token=sample">https://example.com/confirm-invitation?token=sample</a>'
      );
    });

    it('makes reminders and digests templates: the saved words are what a reminder sends, a broken save keeps them, a digest previews its lists', async () => {
      const kinds = (await http(strapi).get(TEMPLATES).set(bearer(owner)).expect(200)).body
        .data as EmailKindView[];
      expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining([...NOTIFICATION_KINDS]));
      const weekly = kinds.find((k) => k.kind === 'manager-weekly-digest')!;
      expect(weekly.variables.filter((v) => v.link).map((v) => v.name)).toEqual(['optOutLink']);
      expect(weekly.templates.nl.subject).toBe('Je groepen deze week ({{week}})');

      await save('reminder-overdue', 'nl', {
        subject: 'Te laat: {{courseTitle}}',
        body: 'Beste {{learnerName}},\n\n{{courseTitle}} in {{groupName}} moest af op {{dueDate}}.\n\nAfmelden: {{optOutLink}}',
      }).expect(200);
      const refused = await save('reminder-overdue', 'nl', {
        subject: 'Te laat',
        body: 'Beste {{learnerName}},\n{{requestList}}',
      });
      expect([refused.status, refused.body.error?.message]).toEqual([
        400,
        expect.stringContaining('body, line 2: unknown variable {{requestList}}'),
      ]);

      const title = `Tillen <b> ${Date.now()}`;
      const course = await createCourse(strapi, title);
      const [learner] = await createLearners(strapi, 1);
      await strapi.db.query(LEARNER_UID).update({ where: { id: learner.id }, data: { locale: 'nl' } });
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const request = await requestEnrollment(strapi, learner.id, group, course);
      const enrollment = strapi.plugin('groups').service('enrollment') as EnrollmentService;
      await enrollment.transition({
        documentId: request.documentId,
        to: 'approved',
        actor: { kind: 'system' },
      });
      const due = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      await strapi.db
        .query('plugin::groups.enrollment')
        .update({ where: { documentId: request.documentId }, data: { dueAt: due } });
      const outbox = strapi.plugin('groups').service('outbox') as OutboxService;
      await outbox.drain();
      smtp.clear();
      const notifications = strapi.plugin('groups').service('notifications') as NotificationsService;
      await strapi.db.transaction(({ trx }) => notifications.runReminders(trx as never, new Date()));
      await outbox.drain();
      const [mail] = smtp.to(learner.email);
      expect(mail.subject).toBe(`Te laat: ${title}`);
      expect(mail.text).toContain(`Beste ${learner.username},`);
      expect(mail.text).toContain(`moest af op ${due.toISOString().slice(0, 10)}.`);
      expect(mail.html).toContain('Tillen &lt;b&gt;');
      expect(mail.html).toMatch(
        /Afmelden: <a href="http:\/\/[^"]+\/api\/groups\/notifications\/opt-out\?token=/
      );
      await http(strapi).delete(templatePath('reminder-overdue', 'nl')).set(bearer(owner)).expect(200);

      const preview = await http(strapi)
        .post(`${templatePath('manager-weekly-digest', 'en')}/preview`)
        .set(bearer(owner))
        .send({ subject: '{{week}}', body: 'Waiting:\n{{waitingList}}' })
        .expect(200);
      expect(preview.body.data).toEqual({
        subject: '2026-W49',
        text: 'Waiting:\n- Eva de Jong — Safe lifting (Amsterdam nursing team)\n- Sam Visser — Hand hygiene (Amsterdam nursing team › Night shift)',
        html: '<p>Waiting:<br>- Eva de Jong — Safe lifting (Amsterdam nursing team)<br>- Sam Visser — Hand hygiene (Amsterdam nursing team › Night shift)</p>',
      });
    });

    it('writes the invitation in the invited learner’s language with the saved words', async () => {
      const [learner] = await createLearners(strapi, 1);
      await strapi.db.query(LEARNER_UID).update({ where: { id: learner.id }, data: { locale: 'nl' } });
      await save('invitation', 'nl', {
        subject: 'Welkom bij {{groupName}}',
        body: '{{inviterName}} nodigt je uit.\n\n{{invitationLink}}\n\nTot {{expiresOn}}.',
      }).expect(200);
      const invitations = strapi.plugin('groups').service('invitations') as InvitationsService;
      await invitations.send(
        { id: 1, documentId: 'x', name: 'Team <Noord>' },
        { id: 1, name: 'Anna', email: null },
        [{ email: learner.email, token: 'tok-en', expiresAt: '2030-01-31T00:00:00.000Z' }]
      );
      const [mail] = smtp.to(learner.email);
      expect(mail.subject).toBe('Welkom bij Team <Noord>');
      expect(mail.text.replace(/\r\n/g, '\n').trim()).toBe(
        'Anna nodigt je uit.\n\nhttp://localhost:1337/confirm-invitation?token=tok-en\n\nTot 2030-01-31.'
      );
      expect(mail.html).toContain('<a href="http://localhost:1337/confirm-invitation?token=tok-en">');
    });
  });
});
