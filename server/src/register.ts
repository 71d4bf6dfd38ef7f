import { courseSettingsGuard } from './middlewares/documents/course-settings';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ACTIONS } from '../../common/domain/permissions';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../common/domain/scope-filters';
import { registerConditions } from './conditions';
import { COURSE_RELATIONS, GROUP_UID, LEARNER_UID, PLUGIN_ID } from './constants';
import type { PluginConfig } from './config';
import courseVersions from './middlewares/documents/course-versions';
import scopeGuard from './middlewares/documents/scope-guard';
import scopeReads from './middlewares/documents/scope-reads';
import textGuard from './middlewares/documents/text-guard';
import {
  enrollmentRules,
  groupDeletionGuard,
  memberRemovalRules,
} from './middlewares/documents/enrollment-rules';
import { registerStrapiPatches } from './strapi-patches';
import { registerDatabaseUnavailable, survivesDatabaseOutages } from './middlewares/database-unavailable';
import { registerMessageKeys } from './middlewares/message-keys';
import { entryTitles } from './middlewares/documents/entry-titles';
import { registerMcpTools } from './mcp/tools';
import { registerAdminTokenActor } from './middlewares/admin-token-actor';
import { groupTree } from './middlewares/documents/group-tree';
import { groupSlug } from './middlewares/documents/group-slug';

/**
 * Points the plugin's course relations at the site's own course type. Runs in `register`, after every
 * content type is known and before the database models are built from them.
 */
export const linkCourseType = (strapi: Core.Strapi) => {
  const config = strapi.config.get('plugin::groups') as PluginConfig;
  const uid = config.courseContentType;
  const courseType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
  if (!courseType || courseType.kind !== 'collectionType') {
    const known = Object.keys(strapi.contentTypes)
      .filter((key) => key.startsWith('api::'))
      .join(', ');
    throw new Error(
      `[groups] The course content type "${uid}" does not exist${
        courseType ? ' as a collection type' : ''
      }: set config/plugins groups.config.courseContentType to one of your collection types${
        known ? ` (${known})` : ''
      }.`
    );
  }
  for (const [ownerUid, attribute] of COURSE_RELATIONS) {
    const owner = strapi.contentTypes[ownerUid as keyof typeof strapi.contentTypes] as unknown as {
      attributes: Record<string, { target?: string }>;
    };
    owner.attributes[attribute].target = uid;
  }
};

type MutableSchema = { attributes: Record<string, Record<string, unknown>> };

/**
 * Gives learners the inverse of Group.members (`groups`), so "members of my groups" is one join that Strapi
 * can apply as an SQL filter and to a loaded user, and so a manager creating a learner in the Content
 * Manager places them in one of their groups. The link table stays the one Group.members owns.
 */
export const linkLearnerGroups = (strapi: Core.Strapi) => {
  const learner = strapi.contentTypes[
    LEARNER_UID as keyof typeof strapi.contentTypes
  ] as unknown as MutableSchema;
  const group = strapi.contentTypes[
    GROUP_UID as keyof typeof strapi.contentTypes
  ] as unknown as MutableSchema;
  const existing = learner.attributes[LEARNER_GROUPS_ATTRIBUTE];
  if (existing && existing.target !== GROUP_UID) {
    throw new Error(
      `[groups] The users-permissions user already has an attribute "${LEARNER_GROUPS_ATTRIBUTE}"; rename it so the groups plugin can add the groups a learner belongs to.`
    );
  }
  group.attributes.members.inversedBy = LEARNER_GROUPS_ATTRIBUTE;
  learner.attributes[LEARNER_GROUPS_ATTRIBUTE] = {
    type: 'relation',
    relation: 'manyToMany',
    target: GROUP_UID,
    mappedBy: 'members',
    configurable: false,
  };
};

const registerActions = async (strapi: Core.Strapi) => {
  // Registered here, before Strapi prunes stored permissions whose action it does not know.
  await strapi.service('admin::permission').actionProvider.registerMany(
    PLUGIN_ACTIONS.map(({ uid, displayName, subCategory }) => ({
      section: 'plugins',
      displayName,
      uid,
      subCategory,
      pluginName: PLUGIN_ID,
    }))
  );
};

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  linkCourseType(strapi);
  linkLearnerGroups(strapi);
  await registerActions(strapi);
  await registerConditions(strapi);
  registerStrapiPatches(strapi);
  registerDatabaseUnavailable(strapi);
  survivesDatabaseOutages(strapi);
  registerMessageKeys(strapi);
  strapi.documents.use(scopeReads(strapi) as never);
  // Scope first: a write outside the actor's groups is refused before any rule says more about it.
  strapi.documents.use(scopeGuard(strapi) as never);
  strapi.documents.use(textGuard(strapi) as never);
  strapi.documents.use(enrollmentRules(strapi) as never);
  strapi.documents.use(groupDeletionGuard(strapi) as never);
  strapi.documents.use(groupTree(strapi) as never);
  strapi.documents.use(courseSettingsGuard(strapi) as never);
  strapi.documents.use(memberRemovalRules(strapi) as never);
  strapi.documents.use(courseVersions(strapi) as never);
  strapi.documents.use(entryTitles(strapi) as never);
  registerMcpTools(strapi);
  registerAdminTokenActor(strapi);
  strapi.documents.use(groupSlug(strapi) as never);
};

export default register;
