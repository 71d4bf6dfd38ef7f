export default {
  config: {
    locales: ['nl'],
    notifications: { releases: false },
    tutorials: false,
  },
  bootstrap() {},
};
