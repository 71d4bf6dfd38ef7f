export const PLUGIN_ID = 'groups';
