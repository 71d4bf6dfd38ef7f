export default {
  type: 'content-api',
  routes: [] as Array<Record<string, unknown>>,
};
