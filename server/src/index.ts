import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import middlewares from './middlewares';
import policies from './policies';
import register from './register';
import routes from './routes';
import services from './services';

/**
 * Typed member by member so the emitted index.d.ts points at each part's own declaration instead of
 * inlining all of them (which also needed a path into Strapi's internal type packages).
 */
export interface GroupsServerPlugin {
  register: typeof register;
  bootstrap: typeof bootstrap;
  destroy: typeof destroy;
  config: typeof config;
  contentTypes: typeof contentTypes;
  controllers: typeof controllers;
  routes: typeof routes;
  services: typeof services;
  policies: typeof policies;
  middlewares: typeof middlewares;
}

const plugin: GroupsServerPlugin = {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  controllers,
  routes,
  services,
  policies,
  middlewares,
};

export default plugin;
