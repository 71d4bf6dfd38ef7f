/**
 * Membership rules: which of the site's users belong to a group, told by their own attributes. A rule is a
 * list of conditions (equals / one of / ends with) combined with all or any. This module is the rule in
 * plain values: the server turns the same conditions into SQL (services/membership-rules.ts) and tests the
 * two against each other; the admin shows them.
 */
import type { UserFieldKind } from './user-fields';

export const RULE_OPERATORS = ['equals', 'oneOf', 'endsWith'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const RULE_MATCHES = ['all', 'any'] as const;
export type RuleMatch = (typeof RULE_MATCHES)[number];

/** What a rule does to a member it added once they no longer match. */
export const RULE_ON_LEAVE = ['leave', 'stay'] as const;
export type RuleOnLeave = (typeof RULE_ON_LEAVE)[number];

/** The kinds of user attribute a rule may read. */
export const RULE_FIELD_KINDS: readonly UserFieldKind[] = ['string', 'enumeration', 'boolean'];

export const RULE_LIMITS = { conditions: 10, values: 50, value: 200 } as const;

export interface RuleCondition {
  attribute: string;
  operator: RuleOperator;
  /** One value for equals and ends with, several for one of; booleans as true / false. */
  values: Array<string | boolean>;
}

export interface RuleDefinition {
  match: RuleMatch;
  conditions: RuleCondition[];
  onLeave: RuleOnLeave;
}

/** Which operators suit a kind: text may end with something (an email domain), a yes/no is one value. */
export const operatorsFor = (kind: UserFieldKind): readonly RuleOperator[] =>
  kind === 'boolean' ? ['equals'] : kind === 'enumeration' ? ['equals', 'oneOf'] : RULE_OPERATORS;

const text = (value: unknown) => String(value ?? '').toLowerCase();

/** Whether one condition holds for a user's value. Text compares without regard to case. */
export const conditionHolds = (condition: RuleCondition, kind: UserFieldKind, value: unknown): boolean => {
  if (value === null || value === undefined) return false;
  if (kind === 'boolean') {
    const actual = value === true || value === 1 || value === '1' || value === 'true';
    return condition.values.some((v) => v === actual || String(v) === String(actual));
  }
  const actual = kind === 'string' ? text(value) : String(value);
  const wanted = condition.values.map((v) => (kind === 'string' ? text(v) : String(v)));
  switch (condition.operator) {
    case 'endsWith':
      return actual.endsWith(wanted[0] ?? '');
    case 'equals':
      return actual === wanted[0];
    default:
      return wanted.includes(actual);
  }
};

/** Whether a user (their attributes by name) matches a rule; `kinds` gives each attribute's kind. */
export const ruleMatches = (
  rule: Pick<RuleDefinition, 'match' | 'conditions'>,
  kinds: Readonly<Record<string, UserFieldKind>>,
  user: Readonly<Record<string, unknown>>
): boolean => {
  if (rule.conditions.length === 0) return false;
  const results = rule.conditions.map((c) => conditionHolds(c, kinds[c.attribute], user[c.attribute]));
  return rule.match === 'all' ? results.every(Boolean) : results.some(Boolean);
};
