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
      permissions: PERMISSIONS.access,
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
    app.registerPlugin({ id: PLUGIN_ID, name: 'Groups' });
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
