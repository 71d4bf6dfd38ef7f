import { adminPolicies } from './policies';

// Fresh objects per route: Strapi writes into each route's config.
const MANAGE = () => ({ policies: adminPolicies('settings.manage') });
const TEMPLATE = '/settings/templates/:kind/:language';

/** Settings → Groups: only admins holding `plugin::groups.settings.manage` (the Super Admin has it). */
export default [
  { method: 'GET', path: '/settings', handler: 'settings.get', config: MANAGE() },
  { method: 'PUT', path: '/settings', handler: 'settings.update', config: MANAGE() },
  { method: 'GET', path: '/settings/templates', handler: 'settings.listTemplates', config: MANAGE() },
  { method: 'PUT', path: TEMPLATE, handler: 'settings.saveTemplate', config: MANAGE() },
  { method: 'DELETE', path: TEMPLATE, handler: 'settings.resetTemplate', config: MANAGE() },
  { method: 'POST', path: `${TEMPLATE}/preview`, handler: 'settings.previewTemplate', config: MANAGE() },
  { method: 'POST', path: `${TEMPLATE}/test`, handler: 'settings.testTemplate', config: MANAGE() },
];
