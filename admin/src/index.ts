import { CourseSharingNotice } from './components/CourseSharingNotice';
import { PluginIcon } from './components/PluginIcon';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

type TranslationModule = { default: Record<string, string> };

const prefixKeys = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Groups' },
      // The workspace or the Groups screen: each page inside checks its own permission (pages/App.tsx).
      permissions: PERMISSIONS.plugin,
      Component: () => import('./pages/App'),
    });
    // Home page widgets arrived in Strapi 5.13; on older admins the plugin works without one.
    if ('widgets' in app && app.widgets && typeof app.widgets.register === 'function') {
      app.widgets.register({
        id: 'my-groups',
        pluginId: PLUGIN_ID,
        icon: PluginIcon,
        title: { id: `${PLUGIN_ID}.widget.title`, defaultMessage: 'My groups' },
        link: {
          label: { id: `${PLUGIN_ID}.widget.open`, defaultMessage: 'Open the workspace' },
          href: `/plugins/${PLUGIN_ID}`,
        },
        component: async () => (await import('./widgets/MyGroupsWidget')).default,
        permissions: PERMISSIONS.access,
      });
    }
    // Settings → Groups: a section of its own; the links only hide, each page checks the permission too.
    app.addSettingsLink(
      { id: PLUGIN_ID, intlLabel: { id: `${PLUGIN_ID}.settings.section`, defaultMessage: 'Groups' } },
      [
        {
          id: `${PLUGIN_ID}-options`,
          to: `${PLUGIN_ID}/options`,
          intlLabel: { id: `${PLUGIN_ID}.settings.options`, defaultMessage: 'Options' },
          permissions: PERMISSIONS.settings,
          Component: () => import('./pages/Settings/Options'),
        },
        {
          id: `${PLUGIN_ID}-templates`,
          to: `${PLUGIN_ID}/templates`,
          intlLabel: { id: `${PLUGIN_ID}.settings.templates`, defaultMessage: 'Email templates' },
          permissions: PERMISSIONS.settings,
          Component: () => import('./pages/Settings/Templates'),
        },
      ]
    );
    app.registerPlugin({ id: PLUGIN_ID, name: 'Groups' });
  },

  bootstrap(app: any) {
    // A course used by several groups says so where it is edited.
    app.getPlugin('content-manager')?.injectComponent('editView', 'right-links', {
      name: `${PLUGIN_ID}-course-sharing`,
      Component: CourseSharingNotice,
    });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          return { data: prefixKeys(data), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
