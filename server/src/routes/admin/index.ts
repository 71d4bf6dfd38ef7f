import health from './health';

/** Admin routes, mounted under /groups. One file per resource; the authorization matrix reads this list. */
export default {
  type: 'admin',
  routes: [...health],
};
