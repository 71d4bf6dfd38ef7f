'use strict';

/**
 * Demo data for the playground: courses, groups, learners, enrollments in every state, a Super Admin,
 * two group managers of different groups and a course editor, and a tree of sub-groups with a manager of
 * a parent, a manager of one child and a read-only manager of the root. Idempotent: does nothing when the demo
 * Super Admin already exists. Demo credentials only — never use them on a real site.
 */
const DEMO_PASSWORD = 'Demo-pass-2026';

const DEMO_USERS = {
  superAdmin: { email: 'admin@groups.demo', firstname: 'Sam', lastname: 'Owner' },
  managerA: { email: 'anna.manager@groups.demo', firstname: 'Anna', lastname: 'de Vries' },
  managerB: { email: 'bram.manager@groups.demo', firstname: 'Bram', lastname: 'Jansen' },
  editorA: { email: 'eva.editor@groups.demo', firstname: 'Eva', lastname: 'Bakker' },
  // Sub-groups: Leiden hospital › Intensive care › Night shift (and › Surgery beside Intensive care).
  parentManager: { email: 'iris.manager@groups.demo', firstname: 'Iris', lastname: 'Koster' },
  childManager: { email: 'noah.manager@groups.demo', firstname: 'Noah', lastname: 'Willems' },
  rootReader: { email: 'rosa.reader@groups.demo', firstname: 'Rosa', lastname: 'Brouwer' },
};

const COURSES = [
  ['Wound care basics', 90],
  ['Medication safety', 120],
  ['Fire safety at work', 45],
  ['First aid refresher', 60],
  ['Customer conversations', 75],
  ['Data privacy essentials', 30],
];

const GROUPS = [
  {
    name: 'Amsterdam nursing team',
    description: 'Clinical courses for the Amsterdam ward nurses.',
    visibility: 'private',
    enrollmentPolicy: 'approval',
    seatLimit: 12,
    courses: [0, 1, 3],
    // First aid refresher: an approval sets the learner's due date 30 days ahead.
    completeWithin: { 3: 30 },
  },
  {
    name: 'Rotterdam onboarding',
    description: 'Every new colleague in Rotterdam, first month.',
    visibility: 'private',
    enrollmentPolicy: 'open',
    seatLimit: null,
    courses: [2, 4, 5],
  },
  {
    name: 'Utrecht open safety days',
    description: 'Safety courses any learner of the site may request.',
    visibility: 'public',
    enrollmentPolicy: 'approval',
    seatLimit: 8,
    courses: [2, 3],
  },
  // A three-level tree; `parent` is the index of the parent group in this list, `members` a slice of learners.
  {
    name: 'Leiden hospital',
    description: 'Every ward of the Leiden hospital.',
    visibility: 'private',
    enrollmentPolicy: 'approval',
    seatLimit: null,
    courses: [2, 5],
    members: [24, 27],
  },
  {
    name: 'Intensive care',
    description: 'Nurses of the intensive care unit.',
    visibility: 'private',
    enrollmentPolicy: 'approval',
    seatLimit: 10,
    courses: [0, 1],
    parent: 3,
    members: [27, 30],
  },
  {
    name: 'Night shift',
    description: 'The intensive care night shift.',
    visibility: 'private',
    enrollmentPolicy: 'approval',
    seatLimit: 6,
    courses: [1, 3],
    parent: 4,
    members: [30, 33],
  },
  {
    name: 'Surgery',
    description: 'Operating theatre staff.',
    visibility: 'private',
    enrollmentPolicy: 'open',
    seatLimit: null,
    courses: [0, 3],
    parent: 3,
    members: [33, 36],
  },
];

/** The playground's users carry a department (src/extensions/users-permissions): a rule fills a group from it. */
const DEPARTMENTS = ['Sales', 'Support', 'Engineering', 'Finance'];

/** Filled by its membership rule, not by hand: every user whose department is Sales, now and later. */
const RULE_GROUP = {
  name: 'Sales academy',
  description: 'Everyone in the Sales department, kept up to date by a membership rule.',
  visibility: 'private',
  enrollmentPolicy: 'approval',
  seatLimit: null,
  courses: [4],
};

/** Where the demo keeps the join code it made (a real site sees a code once, when it is created). */
const JOIN_CODE_FILE = require('path').join(__dirname, '..', '.tmp', 'demo-join-code.txt');
/** Where the demo keeps Anna's agent token (scripts/agent.js reads it; a real site sees a token once). */
const AGENT_TOKEN_FILE = require('path').join(__dirname, '..', '.tmp', 'demo-agent-token.txt');

const FIRST = [
  'Lotte',
  'Daan',
  'Sanne',
  'Milan',
  'Fleur',
  'Thijs',
  'Noor',
  'Ruben',
  'Julia',
  'Lars',
  'Emma',
  'Sem',
];
const LAST = ['Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Dijkstra'];

const STATES_CYCLE = [
  'approved',
  'requested',
  'completed',
  'waitlisted',
  'approved',
  'rejected',
  'cancelled',
  'approved',
];

const iso = (daysAgo, hour = 9) => {
  const d = new Date(Date.UTC(2026, 10, 20, hour, 0, 0));
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString();
};

/**
 * Due dates are relative to the day the demo is seeded, so the workspace always shows someone overdue,
 * someone due this week and someone at risk (the flags compare with the current time): of the approved
 * enrollments, in turn, overdue by 3 days, due in 3 days, due in 10 days and due in 40 days.
 */
const DUE_IN_DAYS = [-3, 3, 10, 40];
const dueFromToday = (days) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

const historyFor = (state, days, by) => {
  const requested = { at: iso(days), by: 'learner', from: null, to: 'requested', reason: null };
  switch (state) {
    case 'requested':
      return [requested];
    case 'approved':
    case 'waitlisted':
    case 'rejected':
      return [
        requested,
        {
          at: iso(days - 1),
          by,
          from: 'requested',
          to: state,
          reason: state === 'rejected' ? 'Course is full this term.' : null,
        },
      ];
    case 'completed':
      return [
        requested,
        { at: iso(days - 1), by, from: 'requested', to: 'approved', reason: null },
        { at: iso(days - 8), by: 'lms', from: 'approved', to: 'completed', reason: null },
      ];
    case 'cancelled':
      return [
        requested,
        { at: iso(days - 1), by, from: 'requested', to: 'approved', reason: null },
        { at: iso(days - 3), by, from: 'approved', to: 'cancelled', reason: 'Left the team.' },
      ];
    default:
      return [requested];
  }
};

const roleByCode = async (strapi, code) => strapi.db.query('admin::role').findOne({ where: { code } });

async function seedDemo(strapi, { log = console.log } = {}) {
  const userService = strapi.service('admin::user');
  const existing = await strapi.db
    .query('admin::user')
    .findOne({ where: { email: DEMO_USERS.superAdmin.email } });
  if (existing) {
    log('[demo] Demo data already present.');
    return { created: false };
  }

  const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
  const managerRole =
    (await roleByCode(strapi, 'groups-manager')) ?? (await roleByCode(strapi, 'strapi-editor'));
  const editorRole =
    (await roleByCode(strapi, 'groups-course-editor')) ?? (await roleByCode(strapi, 'strapi-editor'));
  const createAdmin = (person, role) =>
    userService.create({
      ...person,
      password: DEMO_PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });

  const owner = await createAdmin(DEMO_USERS.superAdmin, superAdminRole);
  const managerA = await createAdmin(DEMO_USERS.managerA, managerRole);
  const managerB = await createAdmin(DEMO_USERS.managerB, managerRole);
  const editorA = await createAdmin(DEMO_USERS.editorA, editorRole);
  const parentManager = await createAdmin(DEMO_USERS.parentManager, managerRole);
  const childManager = await createAdmin(DEMO_USERS.childManager, managerRole);
  const rootReader = await createAdmin(DEMO_USERS.rootReader, managerRole);

  const courseUid = strapi.config.get('plugin::groups').courseContentType;
  const courses = [];
  for (const [title, durationMinutes] of COURSES) {
    courses.push(
      await strapi.documents(courseUid).create({
        data: { title, summary: `${title}: a practical course.`, durationMinutes },
        status: 'published',
      })
    );
  }

  const authenticated = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const learners = [];
  // 24 learners for the first three groups, 12 more of the hospital tree's own (members of no other
  // manager's group, so each manager may edit their members' accounts).
  for (let i = 0; i < 36; i += 1) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const username = `${first}.${last}.${i + 1}`.toLowerCase();
    learners.push(
      await strapi
        .plugin('users-permissions')
        .service('user')
        .add({
          username,
          email: `${username}@learners.demo`,
          // Every other learner reads Dutch: their decision emails arrive in Dutch.
          locale: i % 2 ? 'nl' : 'en',
          department: DEPARTMENTS[i % DEPARTMENTS.length],
          password: DEMO_PASSWORD,
          provider: 'local',
          confirmed: true,
          blocked: false,
          role: authenticated.id,
        })
    );
  }

  const groups = [];
  for (const [index, spec] of GROUPS.entries()) {
    // A few learners are in two groups.
    const members = spec.members
      ? learners.slice(...spec.members)
      : learners.slice(index * 8, index * 8 + 10);
    const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    groups.push({
      spec,
      members,
      doc: await strapi.documents('plugin::groups.group').create({
        data: {
          name: spec.name,
          slug,
          description: spec.description,
          visibility: spec.visibility,
          enrollmentPolicy: spec.enrollmentPolicy,
          seatLimit: spec.seatLimit,
          members: members.map((m) => m.id),
          courses: spec.courses.map((c) => courses[c].documentId),
          parent: spec.parent === undefined ? null : groups[spec.parent].doc.documentId,
          completeWithin: Object.fromEntries(
            Object.entries(spec.completeWithin ?? {}).map(([c, days]) => [courses[c].documentId, days])
          ),
        },
      }),
    });
  }

  // Anna runs the first two groups with every right; Bram runs the third and may only read its reports.
  const links = [
    [managerA, groups[0], { canEditCourses: true }],
    [managerA, groups[1], {}],
    [managerB, groups[2], { canManageMembers: false, canMessageMembers: false }],
    [
      editorA,
      groups[0],
      {
        canViewReports: false,
        canExportReports: false,
        canManageEnrollments: false,
        canManageMembers: false,
        canMessageMembers: false,
        canEditCourses: true,
      },
    ],
  ];
  // The tree: Iris runs Intensive care and, through it, Night shift; Noah runs Night shift only; Rosa reads
  // the reports of the whole hospital. Links made here include sub-groups (the default).
  const readOnly = {
    canExportReports: false,
    canManageEnrollments: false,
    canManageMembers: false,
    canMessageMembers: false,
  };
  links.push(
    [parentManager, groups[4], {}],
    [childManager, groups[5], {}],
    [rootReader, groups[3], readOnly]
  );
  for (const [user, group, rights] of links) {
    await strapi.documents('plugin::groups.group-manager').create({
      data: { user: user.id, group: group.doc.documentId, ...rights },
    });
  }

  let n = 0;
  let approved = 0;
  const admins = [managerA, managerA, managerB, owner, parentManager, childManager, owner];
  for (const [gi, group] of groups.entries()) {
    for (const [mi, member] of group.members.entries()) {
      const courseIndex = group.spec.courses[mi % group.spec.courses.length];
      const state = STATES_CYCLE[(mi + gi) % STATES_CYCLE.length];
      const days = 30 - ((mi * 3) % 25);
      const history = historyFor(state, days, `admin:${admins[gi].id}`);
      const decided = history.find((h) => h.from === 'requested');
      const approvedOnce = history.some((h) => h.to === 'approved');
      const progress = state === 'completed' ? 100 : state === 'approved' ? (mi * 17) % 95 : 0;
      await strapi.documents('plugin::groups.enrollment').create({
        data: {
          learner: member.id,
          group: group.doc.documentId,
          course: courses[courseIndex].documentId,
          state,
          attendance: state === 'completed' ? 'present' : approvedOnce && mi % 3 === 0 ? 'absent' : 'unknown',
          progress,
          score: state === 'completed' ? 60 + ((mi * 13) % 40) : null,
          timeSpent: approvedOnce ? progress * 60 + mi * 30 : 0,
          requestedAt: history[0].at,
          decidedAt: decided ? decided.at : null,
          decidedBy: decided && decided.by.startsWith('admin:') ? admins[gi].id : null,
          startedAt: approvedOnce && progress > 0 ? iso(days - 2) : null,
          completedAt: state === 'completed' ? history[history.length - 1].at : null,
          dueAt: state === 'approved' ? dueFromToday(DUE_IN_DAYS[approved++ % DUE_IN_DAYS.length]) : null,
          reason: history[history.length - 1].reason,
          history,
        },
      });
      n += 1;
    }
  }
  // A group that fills itself: its rule is applied to every user now, and to each user that changes later.
  const ruleGroup = await strapi.documents('plugin::groups.group').create({
    data: {
      name: RULE_GROUP.name,
      slug: 'sales-academy',
      description: RULE_GROUP.description,
      visibility: RULE_GROUP.visibility,
      enrollmentPolicy: RULE_GROUP.enrollmentPolicy,
      seatLimit: RULE_GROUP.seatLimit,
      courses: RULE_GROUP.courses.map((c) => courses[c].documentId),
    },
  });
  await strapi.db.query('plugin::groups.membership-rule').create({
    data: {
      groupId: ruleGroup.id,
      match: 'all',
      conditions: [{ attribute: 'department', operator: 'equals', values: ['Sales'] }],
      onLeave: 'leave',
    },
  });
  await strapi
    .plugin('groups')
    .service('membership-rules')
    .syncUsers(learners.map((learner) => learner.id));

  // A join code for Rotterdam onboarding (open policy): a learner who uses it joins and gets a place in
  // Customer conversations at once.
  const rotterdam = groups[1].doc;
  const joinCode = await strapi
    .plugin('groups')
    .service('join-codes')
    .create(
      { id: rotterdam.id, documentId: rotterdam.documentId, name: rotterdam.name, archivedAt: null },
      { id: managerA.id },
      { label: 'Demo code', courseId: courses[4].documentId, maxUses: 50 }
    );
  require('fs').mkdirSync(require('path').dirname(JOIN_CODE_FILE), { recursive: true });
  require('fs').writeFileSync(JOIN_CODE_FILE, `${joinCode.code}\n`);

  // An admin token for Anna's AI agent: the plugin's MCP tools act as Anna through it, and her enrollments'
  // histories name it. It carries Anna's plugin permissions (Strapi caps a token at its owner's rights).
  const tokens = strapi.admin?.services?.['api-token-admin'];
  if (tokens?.hash && typeof strapi.ai?.mcp?.registerTool === 'function') {
    const owned = await strapi.service('admin::permission').findUserPermissions({ id: managerA.id });
    const agent = await tokens.create(
      {
        name: 'Anna’s agent (demo)',
        description: 'Demo only: the groups plugin’s MCP tools acting as Anna (npm run agent).',
        lifespan: null,
        adminPermissions: owned
          .filter((permission) => permission.action.startsWith('plugin::groups.'))
          .map(({ action, subject, properties, conditions }) => ({
            action,
            subject,
            properties,
            conditions,
          })),
      },
      managerA
    );
    require('fs').writeFileSync(AGENT_TOKEN_FILE, `${agent.accessKey}\n`);
  }

  log(
    `[demo] Seeded ${courses.length} courses, ${groups.length + 1} groups, ${learners.length} learners, ${n} enrollments.`
  );
  return { created: true };
}

const readDemoFile = (file) => {
  try {
    return require('fs').readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

/** The demo's join code, or null before the first seed. */
const demoJoinCode = () => readDemoFile(JOIN_CODE_FILE);

/** Anna's agent token, or null before the first seed (or where Strapi has no MCP server). */
const demoAgentToken = () => readDemoFile(AGENT_TOKEN_FILE);

module.exports = { seedDemo, demoJoinCode, demoAgentToken, DEMO_USERS, DEMO_PASSWORD };
