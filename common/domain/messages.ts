/**
 * Every sentence the server sends to the admin, by key: the English template here, the translations in the
 * admin's translations/en.json and nl.json under the same key (a unit test keeps the three in step). An
 * error answer carries `details.key` and `details.values` beside its English `message`, so the admin shows
 * it in the reader's language and API clients keep reading `message`.
 *
 * Templates use react-intl's ICU syntax: `{name}` and `{count, plural, one {…} other {…}}`. A value may be
 * a message itself (`{ key, values }`), for words the reader's language names differently: a right, a state.
 */

export const MESSAGES = {
  // Access: the rights of a manager in a group, and the groups, enrollments and learners they may see.
  'server.access.noGroup': 'No group has the id {ids}.',
  'server.access.noEnrollment': 'No enrollment has the id {documentId}.',
  'server.access.missingRight': 'You do not have the right {rights} in the group "{group}".',
  'server.access.missingRightHere': 'You do not have the right {rights} in this group.',
  'server.access.either': '{first} or {second}',
  'server.right.viewReports': '"view reports"',
  'server.right.exportReports': '"export reports"',
  'server.right.manageEnrollments': '"manage enrollments"',
  'server.right.manageMembers': '"manage members"',
  'server.right.editCourses': '"edit courses"',
  'server.right.messageMembers': '"message members"',
  'server.state.requested': 'requested',
  'server.state.waitlisted': 'waitlisted',
  'server.state.approved': 'approved',
  'server.state.rejected': 'rejected',
  'server.state.cancelled': 'cancelled',
  'server.state.completed': 'completed',
  'server.state.list': '{first}, {second}',
  'server.access.noPermission':
    'Your admin role does not have the Groups permission this needs ({permissions}): ask a Super Admin to give it.',
  'server.access.adminsOnly.members': 'Only admin users manage members.',
  'server.access.adminsOnly.rules': 'Only admin users manage membership rules.',
  'server.access.adminsOnly.joinCodes': 'Only admin users manage join codes.',
  'server.access.adminsOnly.testEmail': 'Only admin users send test emails.',
  'server.access.learnersOnly': 'Sign in as a learner to use this route.',
  'server.access.apiTokenOnly': 'Only an API token reports progress.',
  'server.access.signIn': 'Sign in to change enrollments.',
  'server.access.courseSharing': 'You can only see how the courses of your groups are shared.',
  'server.access.emailNotYours': 'This email is not about one of your groups.',
  'server.access.otherManagersMember':
    'This learner is also a member of groups you do not manage: ask a site administrator to change their account.',
  'server.access.rulesSuperAdmin':
    'Only a Super Admin may change membership rules (the site can let group managers do it with managersMayEditRules).',

  // The Content Manager, where the plugin narrows what a manager reads and writes.
  'server.cm.typeNotEditable': 'You may not create or edit entries of this type.',
  'server.cm.entriesOutside':
    'You may not read {count, plural, one {one of these entries} other {# of these entries}}: they are outside your groups.',
  'server.cm.fieldNotReadable': 'You may not read the field "{field}" of this content type.',
  'server.cm.superAdminOnly': 'Only a Super Admin can {action} groups.',
  'server.verb.create': 'create',
  'server.verb.clone': 'clone',
  'server.verb.delete': 'delete',
  'server.verb.reject': 'reject',
  'server.cm.moveGroup':
    'Only a Super Admin or a holder of the "Set up groups and their managers" permission can move a group under another group.',
  'server.cm.groupDetails': "A group's details belong to the site owner; managers change its members only.",
  'server.cm.groupMembers': 'You do not manage the members of this group.',
  'server.cm.enrollmentGroup': 'An enrollment must belong to one of your groups.',
  'server.cm.enrollmentOutside': 'You can only change enrollments of groups where you manage enrollments.',
  'server.cm.learnerOutside': 'That learner is not a member of your groups.',
  'server.cm.learnerDelete': 'Only a learner whose every group you manage can be deleted by you.',
  'server.cm.learnerChange':
    'You can only change learners who are members of a group whose members you manage.',
  'server.cm.learnerGroups':
    'You can only add learners to, or remove them from, groups whose members you manage.',
  'server.cm.learnerPlace': 'A learner you create must be placed in one of your groups.',
  'server.cm.learnerRole': 'Learners you manage keep the default role.',
  'server.cm.courseCreate':
    "Courses are created and deleted by the site's editors; you can edit the courses of your groups.",
  'server.cm.courseEdit': 'You can only edit the courses of groups where you edit courses.',
  'server.cm.unknownActor': 'This change was refused: the plugin cannot tell who is making it.',

  // Enrollments: the placement rules and the status table.
  'server.enrollment.alreadyActive':
    'The learner already has an active (requested, waitlisted or approved) enrollment in this course of this group.',
  'server.enrollment.notMember':
    'The learner is not a member of this group, and the group is not public: add them to the group first.',
  'server.enrollment.courseNotInGroup': 'This course is not one of the group’s courses.',
  'server.enrollment.archived': 'This group is archived and takes no new enrollments.',
  'server.enrollment.missingLearner': 'An enrollment needs a learner.',
  'server.enrollment.missingGroup': 'An enrollment needs a group.',
  'server.enrollment.missingCourse': 'An enrollment needs a course.',
  'server.enrollment.closed':
    'This group does not take enrollment requests; ask a manager of the group to enroll you.',
  'server.enrollment.noSeat': 'The group has no seat left.',
  'server.enrollment.noSeatUsed': 'The group has no seat left: {used} of {limit} seats used.',
  'server.enrollment.noOverLimitRight':
    'Approving past the seat limit takes the right "Approve past a group\'s seat limit", which you do not have, and the group is full: {used} of {limit} seats used.',
  'server.enrollment.noSeatNewGroup': 'The new group has no seat left.',
  'server.enrollment.staysWaitlisted': 'The group has no seat left; the enrollment stays on the waitlist.',
  'server.enrollment.waitlisted': 'The group has no seat left; the enrollment is on the waitlist.',
  'server.enrollment.final': 'An enrollment that is {from} cannot change any more.',
  'server.enrollment.transition': 'An enrollment that is {from} can become {allowed}, not {to}.',
  'server.enrollment.initialState': 'A new enrollment starts as {allowed}, not {state}.',
  'server.enrollment.cannotChange': 'The enrollment cannot change.',
  'server.enrollment.learnerOwn': 'Learners can only cancel their own enrollments.',
  'server.enrollment.learnerCancel': "An enrollment that is {state} is your group manager's to cancel.",
  'server.enrollment.tokenCompletes': 'An API token can only mark enrollments completed.',
  'server.enrollment.tokenRequest': 'An API token cannot request enrollments.',
  'server.enrollment.learnerSelf': 'Learners can only request enrollments for themselves.',
  'server.enrollment.noCourse': 'No course has this id.',
  'server.enrollment.noLearner': 'No learner has this id.',
  'server.enrollment.noLearnerId': 'No learner has the id {id}.',
  'server.enrollment.noCourses': 'No course has the id {ids}.',
  'server.enrollment.noPublishedCourse': 'No published course has this id.',
  'server.enrollment.notYours': 'You have no enrollment with this id.',
  'server.enrollment.approvedCancel': 'Your place is approved: ask your group manager to cancel it.',
  'server.enrollment.notCancellable': 'An enrollment that is {state} cannot be cancelled.',
  'server.enrollment.dueOnApproved':
    'dueAt: a due date can only be set on an approved enrollment; this one is {state}.',
  'server.enrollment.dueDate':
    'A due date can only be set on an approved enrollment; {documentId} is {state}.',
  'server.enrollment.accessWindow':
    'An access window can only be set on a requested, waitlisted or approved enrollment; {documentId} is {state}.',
  'server.enrollment.attendance':
    'Attendance can only be marked for an approved or completed enrollment; this one is {state}.',
  'server.enrollment.progressState':
    'Progress is reported for approved or completed enrollments; this one is {state}.',
  'server.enrollment.expired':
    'This enrollment expired on {date}: its access window is closed, so progress is no longer recorded.',
  'server.enrollment.completeWith100': 'completedAt: report progress 100 to complete an enrollment.',
  'server.enrollment.noCourseOfYours': 'No course of your groups has the id {documentId}.',
  'server.enrollment.courseOfGroup': 'course: {course} is not a course of the group "{group}".',

  // Members, invitations, join codes and messages.
  'server.members.upload': 'file: upload a .xlsx or .csv file in the "file" field.',
  'server.members.oneFile': 'file: upload one file at a time.',
  'server.members.fileType': 'Upload a .xlsx or .csv file.',
  'server.members.badXlsx':
    'The file is not a readable .xlsx workbook: save it again from your spreadsheet program.',
  'server.members.badCsv': 'The file is not a readable CSV file: save it as CSV (UTF-8).',
  'server.members.tooLarge': 'The file is larger than {megabytes} MB; split it into smaller files.',
  'server.members.noSheet': 'The file has no worksheet.',
  'server.members.noHeader':
    'The file needs a header row with an "email" column (and optionally a "username" column).',
  'server.members.noRows': 'The file has no member rows under its header.',
  'server.members.importErrors':
    'The file has {count} row(s) with errors; nothing was imported. First: row {row}: {problem}',
  'server.members.archived': 'The group "{group}" is archived: restore it before adding members.',
  'server.members.noMember': 'No member with that id in this group.',
  'server.members.noAccountEmail': 'No account uses {email}: invite them instead.',
  'server.members.noAccount': 'No account with that id.',
  'server.members.blocked': 'The account {email} is blocked and cannot join a group.',
  'server.members.usernameTaken': 'username: {username} belongs to another account.',
  'server.members.usernameChoose': 'username: {username} belongs to another account; choose a username.',
  'server.members.fieldTaken': '{field}: {value} belongs to another account.',
  'server.members.invitedGone': 'The invited account no longer exists.',
  'server.members.roleMissing': 'The users-permissions "authenticated" role is missing.',
  'server.invitations.off':
    'Invitations are switched off: the site owner must set the invitation URL (invitationUrl) in Settings → Groups or in config/plugins (the page of the site where invited learners choose their password).',
  'server.invitations.none': 'No pending invitation with that id in this group.',
  'server.invitations.invalid': 'This invitation link is not valid or has been used already.',
  'server.invitations.expired':
    'This invitation link has expired: ask your group manager to send you a new one.',
  'server.invitations.blocked': 'This account is blocked: contact the site administrator.',
  'server.invitations.password': 'password: choose a password of at least 8 characters.',
  'server.joinCodes.invalid': 'This join code is not valid. Check it with the person who gave it to you.',
  'server.joinCodes.archived': 'The group "{group}" is archived: restore it before making codes.',
  'server.joinCodes.future': 'expiresAt: must be in the future.',
  'server.joinCodes.tooFar': 'expiresAt: must be at most {days} days ahead.',
  'server.joinCodes.course': 'courseId: the group "{group}" has no course with this id.',
  'server.joinCodes.none': 'No join code with that id in this group.',
  'server.messages.notMembers':
    'recipients.userIds: {count} of the chosen people are not members of this group.',
  'server.messages.rateLimit':
    'You may send {remaining} more email(s) this hour (at most {limit} an hour); this message would go to {recipients} member(s).',
  'server.messages.noRecipients': 'recipients: no member of this group matches; nothing was sent.',
  'server.messages.none': 'No message with that id in this group.',
  'server.rules.archived': 'The group "{group}" is archived: restore it before giving it a rule.',
  'server.rules.none': 'This group has no membership rule.',
  'server.attempts.tooMany': 'Too many attempts: try again in {minutes} minutes.',

  // Groups, managers, settings and emails.
  'server.setup.slugTaken': 'The slug "{slug}" is already used by the group "{group}".',
  'server.setup.noAdmin': 'No admin user has the id {id}.',
  'server.setup.noLink': 'The group "{group}" has no manager link with the id {id}.',
  'server.setup.duplicateManager': '{manager} already manages "{group}"; edit that link instead.',
  'server.setup.parentMissing': 'No group has the id {id}: choose an existing parent group.',
  'server.setup.underItself':
    'The group "{group}" cannot be placed under itself or under one of its own sub-groups.',
  'server.setup.parentArchived': 'The group "{group}" is archived: choose an active parent group.',
  'server.setup.tooDeep':
    'Groups nest at most {max} levels deep; placing "{group}" under "{parent}" would make {depth}.',
  'server.setup.archiveChild': 'This group has 1 active sub-group: archive it first.',
  'server.setup.archiveChildren': 'This group has {count} active sub-groups: archive them first.',
  'server.setup.childOutside': 'This group has 1 sub-group: move or delete it first.',
  'server.setup.childrenOutside': 'This group has {count} sub-groups: move or delete them first.',
  'server.setup.childOutsideBatch': 'The selected groups have 1 sub-group: move or delete it first.',
  'server.setup.childrenOutsideBatch':
    'The selected groups have {count} sub-groups: move or delete them first.',
  'server.setup.deleteEnrolled':
    'This group has 1 enrollment and cannot be deleted: archive it instead by setting its archivedAt date.',
  'server.setup.deleteEnrolledMany':
    'This group has {count} enrollments and cannot be deleted: archive it instead by setting its archivedAt date.',
  'server.setup.deleteEnrolledBatch':
    'The selected groups have 1 enrollment and cannot be deleted: archive them instead by setting their archivedAt date.',
  'server.setup.deleteEnrolledBatchMany':
    'The selected groups have {count} enrollments and cannot be deleted: archive them instead by setting their archivedAt date.',
  'server.setup.managersFromGroup':
    "A group's managers cannot be changed from the group: edit the Group manager entry instead.",
  'server.setup.enrollmentsFromGroup':
    "A group's enrollments cannot be changed from the group: edit the Enrollment entry instead.",
  'server.setup.bothFromGroup':
    "A group's managers and enrollments cannot be changed from the group: edit the Group manager entry instead.",
  'server.setup.documentId': "An entry's documentId cannot be set or changed.",
  'server.emails.unknownKind': 'No email kind "{kind}"; known kinds are {kinds}.',
  'server.emails.subject': 'subject: write a subject for this email.',
  'server.emails.noAddress': 'Your admin account has no email address to send to.',
  'server.emails.testFailed':
    'The test email could not be sent: check the email provider in config/plugins (the server log has the details).',
  'server.emails.notFound': 'No email has the id {id}.',
  'server.emails.onlyFailed': 'Only a failed email can be sent again; this one is {state}.',
  'server.emails.memberMessage':
    "A message to members is sent again from its group's message log on the Members page, within the hourly limit.",
  'server.emails.optOut': 'This opt-out link is not valid. Copy the whole link from the email.',
  'server.reports.badDate': '"{value}" is not a date this report can read in {timeZone}.',
  'server.reports.notUserField': 'query.userField: {name} is not a report user field.',
  'server.reports.notUserFieldListed':
    'query.userField: {name} is not a report user field; the site lists {fields}.',
  'server.reports.userField': 'query.userField: {problem}.',
  'server.reports.exportBusy': 'Too many exports are running. Try again in a minute.',
  'server.reports.sortThroughList':
    'Sorting by "{path}" is not available: it goes through a list of related records.',
  'server.rules.conditions': 'conditions: {problem}',
  'server.rules.operator': '{where}.operator: {attribute} is {kind}; use {operators}.',
  'server.rules.boolean': '{where}.values: {attribute} takes true or false.',
  'server.rules.text': '{where}.values: {attribute} takes text.',
  'server.rules.oneOf': '{where}.values: {attribute} is one of {values}.',
  'server.access.adminsOnly.workspace': 'Only an admin user can use the groups workspace.',
  'server.cm.managersSuperAdmin': 'Only a Super Admin designates group managers and their rights.',
  'server.cm.documentIds': 'documentIds must be a list of document ids.',
  'server.cm.pickerSearch': 'The relation picker does not take {parameters}: search it with _q.',
  'server.members.tooManyRows': 'The file has {count} rows; import at most {max} rows at a time.',
  'server.enrollment.noEnrollmentThis': 'No enrollment has this id.',
  'server.enrollment.neverImported': 'A request is never imported.',
  'server.learner.notFound': 'No learner has the id {documentId} in your groups.',
  'server.database.unavailable': 'The database cannot be reached at the moment; try again in a few seconds.',

  // Bad input (see validation-messages.ts): a field and its problem, by the contract's words or zod's issue code.
  'server.validation.field': '{path}: {problem}',
  'server.validation.list': '{first}; {second}',
  'server.validation.problem.invalid': 'is not valid',
  'server.validation.problem.required': 'is required',
  'server.validation.problem.type': 'must be {expected}, not {received}',
  'server.validation.problem.text': 'must be text',
  'server.validation.problem.number': 'must be a number',
  'server.validation.problem.boolean': 'must be true or false',
  'server.validation.problem.whole': 'must be a whole number',
  'server.validation.problem.wholeOrEmpty': 'must be a whole number or empty',
  'server.validation.problem.wholeDays': 'must be a whole number of days from {min} to {max}',
  'server.validation.problem.wholePoints': 'must be a whole number of percentage points from {min} to {max}',
  'server.validation.problem.notEmpty': 'must not be empty',
  'server.validation.problem.zeroOrMore': 'must be 0 or more',
  'server.validation.problem.oneOrMore': 'must be 1 or more',
  'server.validation.problem.atLeast': 'must be at least {min}',
  'server.validation.problem.atMost': 'must be at most {max}',
  'server.validation.problem.atLeastCharacters': 'must be at least {min} characters',
  'server.validation.problem.atMostCharacters': 'must be at most {max} characters',
  'server.validation.problem.atLeastItems': 'must list at least {min} items',
  'server.validation.problem.atMostItems': 'must list at most {max} items',
  'server.validation.problem.atMostCourses': 'must list at most {max} courses',
  'server.validation.problem.atMostMembers': 'must list at most {max} members',
  'server.validation.problem.tooMany': 'has too many values',
  'server.validation.problem.oneOf': 'must be one of {values}',
  'server.validation.problem.unknownFields': 'does not take {fields}',
  'server.validation.problem.visibility': 'must be private or public',
  'server.validation.problem.policy': 'must be approval, open or closed',
  'server.validation.problem.archived': 'must be active, archived or all',
  'server.validation.problem.falseWhenGiven': 'must be false when given',
  'server.validation.problem.allOrAny': 'must be all or any',
  'server.validation.problem.leaveOrStay': 'must be leave or stay',
  'server.validation.problem.slug': 'may hold only letters, digits and - _ . ~ (no spaces)',
  'server.validation.problem.slugTaken': 'is already used by another group',
  'server.validation.problem.singleLine': 'must not contain control characters, tabs or line breaks',
  'server.validation.problem.multiLine':
    'must not contain control characters (tabs and line breaks are fine)',
  'server.validation.problem.adminId': 'must be the id of an admin user',
  'server.validation.problem.positiveId': 'must be a positive id',
  'server.validation.problem.documentId': 'must be a document id',
  'server.validation.problem.documentIdCharacters': 'must be a document id (letters, digits, - and _)',
  'server.validation.problem.oneEnrollment': 'must list at least one enrollment',
  'server.validation.problem.oneMember': 'must name at least one member',
  'server.validation.problem.address': 'must be a full address such as {example}',
  'server.validation.problem.http': 'must start with http:// or https://',
  'server.validation.problem.webAddress': 'is not a web address',
  'server.validation.problem.email': 'is not an email address',
  'server.validation.problem.emailKind': 'is not an email kind',
  'server.validation.problem.locale': 'must be a locale code such as "en" or "fr-BE"',
  'server.validation.problem.formula': 'must not start with = + - @ or a tab',
  'server.validation.problem.userIdOrEmail': 'give either userId or email, not both',
  'server.validation.problem.usernameOrEmail': 'give a username or an email',
  'server.validation.problem.attribute': 'must be the name of an attribute of the users-permissions user',
  'server.validation.problem.oneValue': 'must hold at least one value',
  'server.validation.problem.oneCondition': 'must hold at least one condition',
  'server.validation.problem.exactlyOne': 'equals and endsWith take exactly one value',
  'server.validation.problem.reasonRequired': 'is required to {action} an enrollment',
  'server.validation.problem.dateExample': 'must be a date such as {example}',
  'server.validation.problem.realDate': 'must be a real date',
  'server.validation.problem.years': 'must be from {from} up to {to}',
  'server.validation.problem.dateTime': 'must be an ISO 8601 date-time',
  'server.validation.problem.dateTimeExample': 'must be a date and time such as {example}',
  'server.validation.problem.timeZone': 'must be a time zone such as Europe/Amsterdam',
  'server.validation.problem.userFilter': 'must be {form}, e.g. department:Sales',
  'server.validation.problem.notBeforeFrom': 'must not be before "from"',
  'server.validation.problem.completedBeforeStarted': 'completedAt must not be before startedAt',
  'server.validation.problem.optOutToken': 'is not an opt-out token',
  'server.validation.problem.invitationToken': 'is not an invitation token',
  'server.validation.problem.joinCode': 'is not a join code',
  'server.validation.problem.wholeSeconds': 'must be whole seconds',
  'server.validation.problem.wholeDaysRange': 'must be a whole number of days (from {min} to {max} days)',
  'server.validation.problem.wholeDaysRangeOrNull':
    'must be a whole number of days (from {min} to {max} days) or null',
  'server.validation.problem.atMostNamedMembers': 'must name at most {max} members',
  'server.validation.problem.atMostValues': 'must hold at most {max} values',
  'server.validation.problem.atMostConditions': 'must hold at most {max} conditions',
  'server.validation.problem.atMostEnrollments': 'must list at most {max} enrollments',
  'server.validation.problem.sort': 'must be {form} with a field among {fields}',
  'server.validation.type.string': 'text',
  'server.validation.type.number': 'a number',
  'server.validation.type.boolean': 'true or false',
  'server.validation.type.array': 'a list',
  'server.validation.type.object': 'an object',
  'server.validation.type.null': 'empty',
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type MessageValue = string | number | Message;
export interface Message {
  key: MessageKey;
  values?: Record<string, MessageValue>;
}

const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const ARGUMENT = /\{(\w+)\}/g;
const englishPlural = new Intl.PluralRules('en');

/** The English text of a message, its values (and the messages among them) filled in. */
export const messageText = (message: Message): string => {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([name, value]) => [
      name,
      typeof value === 'object' ? messageText(value) : String(value),
    ])
  );
  return (MESSAGES[message.key] as string)
    .replace(PLURAL, (_, name: string, branches: string) => {
      const count = Number(values[name]);
      const forms = new Map([...branches.matchAll(BRANCH)].map((m) => [m[1], m[2]]));
      const form =
        forms.get(`=${count}`) ?? forms.get(englishPlural.select(count)) ?? forms.get('other') ?? '';
      return form.replace(/#/g, String(count));
    })
    .replace(ARGUMENT, (whole, name: string) => values[name] ?? whole);
};

/** The message of an enrollment state, so the reader sees the state in their language. */
export const stateMessage = (state: string): MessageValue =>
  `server.state.${state}` in MESSAGES ? { key: `server.state.${state}` as MessageKey } : state;

const RIGHT_KEYS = Object.keys(MESSAGES).filter((key) => key.startsWith('server.right.')) as MessageKey[];

/** `"manage members"` or `"view reports" or "export reports"`: rights as a message, each in the reader's words. */
export const rightsMessage = (rights: readonly string[]): MessageValue => {
  const [first, ...rest] = rights.map((right): MessageValue => {
    const key = `server.right.${right}`;
    return key in MESSAGES ? { key: key as MessageKey } : `"${right}"`;
  });
  return rest.reduce<MessageValue>(
    (list, next) => ({ key: 'server.access.either', values: { first: list, second: next } }),
    first
  );
};

/**
 * `You do not have the right "manage members" in the group "A".` (or `"a" or "b"` for a choice). The group
 * is named only to someone linked to it; anyone else reads "in this group", so a refusal never tells an
 * outsider the name of a group they cannot see.
 */
export const missingRightMessage = (rights: readonly string[], groupName: string | null): Message =>
  groupName === null
    ? { key: 'server.access.missingRightHere', values: { rights: rightsMessage(rights) } }
    : { key: 'server.access.missingRight', values: { rights: rightsMessage(rights), group: groupName } };

/** The rights named in an English refusal (`"manage members" or "view reports"`), as a message. */
const rightsIn = (text: string): MessageValue => {
  const labels = text.split(' or ');
  const rights = labels.map((label) =>
    RIGHT_KEYS.find((key) => MESSAGES[key] === label)?.slice('server.right.'.length)
  );
  return rights.every(Boolean) ? rightsMessage(rights as string[]) : text;
};

/** Arguments that name an enrollment state. */
const STATE_ARGUMENTS = new Set(['state', 'from', 'to']);

/** `requested, cancelled`: states the status table allows, each in the reader's words. */
const statesIn = (text: string): MessageValue =>
  text
    .split(', ')
    .map(stateMessage)
    .reduce((list, next) => ({ key: 'server.state.list', values: { first: list, second: next } }));

/** The verb of a refused Content Manager action (`create`, `clone`, `delete`), in the reader's words. */
const verbMessage = (verb: string): MessageValue =>
  `server.verb.${verb}` in MESSAGES ? { key: `server.verb.${verb}` as MessageKey } : verb;

/** How an argument of an English message becomes a value the admin can translate. */
const valueOf = (name: string, value: string): MessageValue => {
  if (STATE_ARGUMENTS.has(name)) return stateMessage(value);
  if (name === 'allowed') return statesIn(value);
  if (name === 'action') return verbMessage(value);
  if (name === 'rights') return rightsIn(value);
  return value;
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Templates as patterns, the most specific first (the most literal text), so an English message built from
 * a template (in this code or by a domain rule) is recognised and given its key. Plural templates, and those
 * that only join other messages (`{first}, {second}`), are only ever named by key.
 */
const PATTERNS = (Object.entries(MESSAGES) as Array<[MessageKey, string]>)
  .filter(([, template]) => !template.includes(', plural,'))
  .filter(([, template]) => template.replace(ARGUMENT, '').replace(/[\s,;:]/g, '').length > 0)
  .map(([key, template]) => {
    const names = [...template.matchAll(ARGUMENT)].map((m) => m[1]);
    const literal = template.split(ARGUMENT).filter((_, i) => i % 2 === 0);
    const pattern = new RegExp(`^${literal.map(escape).join('(.+?)')}$`, 's');
    return { key, names, pattern, weight: literal.join('').length };
  })
  .sort((a, b) => b.weight - a.weight);

/** The key and values of an English message the catalogue knows (among the keys starting with `prefix`), or null. */
export const messageOf = (text: string, prefix = 'server.'): Message | null => {
  for (const { key, names, pattern } of PATTERNS) {
    if (!key.startsWith(prefix)) continue;
    const match = pattern.exec(text);
    if (!match) continue;
    const values: Record<string, MessageValue> = {};
    names.forEach((name, i) => {
      values[name] = valueOf(name, match[i + 1]);
    });
    return names.length ? { key, values } : { key };
  }
  return null;
};
