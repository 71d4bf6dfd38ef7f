import { adminPolicies } from './policies';

/** The Notifications page: every Group Manager may read their log and set their own preferences. */
export default [
  {
    method: 'GET',
    path: '/notifications',
    handler: 'notifications.log',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'POST',
    path: '/notifications/:id/resend',
    handler: 'notifications.resend',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'GET',
    path: '/notifications/preferences',
    handler: 'notifications.preferences',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'PUT',
    path: '/notifications/preferences',
    handler: 'notifications.setPreferences',
    config: { policies: adminPolicies('workspace.read') },
  },
];
