import type { Core } from '@strapi/strapi';
import { requestPaths } from './learner-checks';

/**
 * Paths whose handlers consult no rule the plugin's conditions put in the admin's ability:
 * - the plugin's admin API (`/groups/…`): its policy asks the ability only for the plugin's own actions,
 *   which carry no condition, and its services check the scope themselves (services/scope.ts, access.ts);
 * - Strapi's admin routes (`/admin/…`): the admin's own account, roles, permissions, tokens and settings;
 *   their checks name admin types, or ask whether a type may be read at all, which a rule answers whatever
 *   its condition says.
 * The Content Manager, MCP and every other path read records of the scoped types through the ability.
 */
const UNUSED_RULE_PATHS = [/^\/admin\//, /^\/groups(\/|\?|$)/];

/**
 * Whether the current request leaves the conditions' rules unread, so that a condition may stand for no
 * record (`MATCH_NOTHING`) instead of reading the scope's lists: every admin request builds the ability
 * before its route runs, and for a manager of a large tree those lists are 501 group ids and 2,000 course
 * documentIds read and copied into the rules for nothing (docs/PERFORMANCE.md, fix 17). Matching nothing
 * narrows the ability, never widens it, so a path wrongly taken for one of these would refuse, not leak.
 * Fails towards the lists: no request context, or a path that does not decode.
 */
export const scopedRulesUnused = (strapi: Core.Strapi): boolean => {
  const paths = requestPaths(strapi);
  return Boolean(paths && UNUSED_RULE_PATHS.some((pattern) => pattern.test(paths.path)));
};
