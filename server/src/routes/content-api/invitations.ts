/**
 * The site's invitation page: public (the learner has no password yet); the token in the body is the
 * credential. Mounted under /api/groups.
 */
export default [
  { method: 'POST', path: '/invitations/check', handler: 'invitations.check', config: { auth: false } },
  { method: 'POST', path: '/invitations/accept', handler: 'invitations.accept', config: { auth: false } },
];
