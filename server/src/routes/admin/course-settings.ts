export default [
  {
    method: 'PUT',
    path: '/workspace/groups/:documentId/complete-within',
    handler: 'course-settings.setCompleteWithin',
    // The right is the group link's edit-courses (a Group Course Editor holds it without any plugin
    // action): the service checks it in the group, as it checks every right.
    config: { policies: ['admin::isAuthenticatedAdmin'] },
  },
];
