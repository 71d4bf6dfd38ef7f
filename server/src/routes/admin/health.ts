export default [
  {
    method: 'GET',
    path: '/health',
    handler: 'health.index',
    config: { policies: ['admin::isAuthenticatedAdmin'] },
  },
];
