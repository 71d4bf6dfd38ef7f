/**
 * The opt-out link of reminders and digests: public (it is clicked from an email); the signed token in the
 * address is the credential. Mounted under /api/groups.
 */
export default [
  {
    method: 'GET',
    path: '/notifications/opt-out',
    handler: 'notifications.optOut',
    config: { auth: false },
  },
];
