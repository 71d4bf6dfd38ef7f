import type { Core } from '@strapi/strapi';
import { groupsWithRight } from '../../../common/domain/rights';
import {
  MATCH_NOTHING,
  learnerMembershipFilter,
  scopeFilter,
  type ScopeFilter,
  type ScopedSubject,
} from '../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID, PLUGIN_ID } from '../constants';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import type { AdminActor } from '../services/scope';
import { mayCheckLearnersInMemory } from './learner-checks';
import { scopedRulesUnused } from './unused-rules';
import { contentManagerType, deferRule } from './deferred-rules';

/** Condition ids as a role stores them: `plugin::groups.<name>`. */
export const IN_MY_GROUPS = `plugin::${PLUGIN_ID}.in-my-groups` as const;
export const IN_GROUPS_WHERE_I_EDIT_COURSES = `plugin::${PLUGIN_ID}.in-groups-where-i-edit-courses` as const;

export const subjectOf = (strapi: Core.Strapi, uid: string | null | undefined): ScopedSubject | null => {
  const courseUid = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseContentType;
  switch (uid) {
    case GROUP_UID:
      return 'group';
    case ENROLLMENT_UID:
      return 'enrollment';
    case GROUP_MANAGER_UID:
      return 'group-manager';
    case LEARNER_UID:
      return 'learner';
    case courseUid:
      return 'course';
    default:
      return null;
  }
};

type ConditionUser = AdminActor & { permission?: { subject?: string | null } };

/**
 * One condition per kind of scope, valid on all five types: the handler reads the permission's subject
 * and returns the filter that takes that type to its group. Strapi runs handlers on every authenticated
 * admin request; the scope service answers from one lookup per request.
 */
export const registerConditions = async (strapi: Core.Strapi) => {
  /** The filter a rule on `subject` states for `user`: the scope's groups, or its courses or members. */
  const resolveFilter = async (
    user: ConditionUser,
    subject: ScopedSubject,
    editCoursesOnly: boolean
  ): Promise<ScopeFilter | true> => {
    const scopeService = getService(strapi, 'scope');
    const scope = await scopeService.getScope(user);
    if (scope.all) return true;
    const right = editCoursesOnly ? 'editCourses' : null;
    const groupIds = right ? (groupsWithRight(scope, right) ?? []) : scope.groupIds;
    // The member ids only where a user record is checked in memory: a tree's scope holds tens of
    // thousands of them, which every other request would read, copy and traverse for nothing.
    if (subject === 'learner' && !mayCheckLearnersInMemory(strapi)) return learnerMembershipFilter(groupIds);
    return scopeFilter(subject, {
      groupIds,
      courseDocumentIds:
        subject === 'course' ? ((await scopeService.getCourseDocumentIds(user, right)) ?? []) : [],
      learnerIds: subject === 'learner' ? ((await scopeService.getLearnerIds(user, right)) ?? []) : [],
    });
  };

  /** The course rule (any right) as the query engine takes it: the scope's courses as a subquery. */
  const courseQueryFilter = async (user: ConditionUser): Promise<ScopeFilter | true> => {
    const courses = await getService(strapi, 'scope').courseDocumentIdsQuery(user);
    return courses ? { documentId: { $in: courses.query } } : true;
  };

  const filterFor = async (user: ConditionUser, editCoursesOnly: boolean) => {
    const uid = user.permission?.subject;
    const subject = subjectOf(strapi, uid);
    // A site owner may attach the condition to an unrelated type: it then grants nothing. A request whose
    // route reads no record through these rules gets the same, without the scope's lists.
    if (!subject || scopedRulesUnused(strapi)) return { ...MATCH_NOTHING };
    // A Content Manager request for another type states this rule only if its read scope asks for it.
    const pageType = contentManagerType(strapi);
    if (pageType && pageType !== uid) {
      const marker = deferRule(strapi, {
        params: () => resolveFilter(user, subject, editCoursesOnly),
        // The read scope's check of a page's related courses asks the database for the scope's courses.
        queryEngine: subject === 'course' && !editCoursesOnly ? () => courseQueryFilter(user) : undefined,
      });
      if (marker) return marker;
    }
    return resolveFilter(user, subject, editCoursesOnly);
  };

  const { conditionProvider } = strapi.service('admin::permission');
  await conditionProvider.registerMany([
    {
      displayName: 'In my groups',
      name: 'in-my-groups',
      plugin: PLUGIN_ID,
      category: 'Groups',
      handler: (user: ConditionUser) => filterFor(user, false),
    },
    {
      displayName: 'In groups where I edit courses',
      name: 'in-groups-where-i-edit-courses',
      plugin: PLUGIN_ID,
      category: 'Groups',
      handler: (user: ConditionUser) => filterFor(user, true),
    },
  ]);
};
