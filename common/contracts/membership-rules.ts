/**
 * Membership rule contracts: a group's rule as the Members page edits it, its preview and its result.
 */
import { z } from 'zod';
import {
  RULE_LIMITS,
  RULE_MATCHES,
  RULE_ON_LEAVE,
  RULE_OPERATORS,
  type RuleDefinition,
} from '../domain/membership-rules';
import type { UserField } from '../domain/user-fields';
import { singleLineTextSchema } from './shared';

const valueSchema = z.union([
  singleLineTextSchema
    .min(1, 'must not be empty')
    .max(RULE_LIMITS.value, `must be at most ${RULE_LIMITS.value} characters`),
  z.boolean(),
]);

export const ruleConditionSchema = z
  .object({
    attribute: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an attribute of the users-permissions user'),
    operator: z.enum(RULE_OPERATORS, {
      errorMap: () => ({ message: `must be one of ${RULE_OPERATORS.join(', ')}` }),
    }),
    values: z
      .array(valueSchema)
      .min(1, 'must hold at least one value')
      .max(RULE_LIMITS.values, `must hold at most ${RULE_LIMITS.values} values`),
  })
  .strict()
  .refine((c) => c.operator === 'oneOf' || c.values.length === 1, {
    message: 'equals and endsWith take exactly one value',
    path: ['values'],
  });

export const ruleBodySchema = z
  .object({
    match: z.enum(RULE_MATCHES, { errorMap: () => ({ message: 'must be all or any' }) }),
    conditions: z
      .array(ruleConditionSchema)
      .min(1, 'must hold at least one condition')
      .max(RULE_LIMITS.conditions, `must hold at most ${RULE_LIMITS.conditions} conditions`),
    onLeave: z
      .enum(RULE_ON_LEAVE, { errorMap: () => ({ message: 'must be leave or stay' }) })
      .default('leave'),
  })
  .strict();

export type RuleBody = z.infer<typeof ruleBodySchema>;

/** A group's rule as the Members page shows it. */
export interface MembershipRule extends RuleDefinition {
  documentId: string;
  updatedAt: string;
  /** Members the rule added and keeps. */
  ruleMembers: number;
  /** Users removed by hand whom the rule does not add again (until a manager adds them by hand). */
  excluded: number;
}

export interface RulePreview {
  adds: number;
  removes: number;
  /** True when the counts cover only users the actor may see (members of their own groups). */
  limited: boolean;
}

export interface RuleResponse {
  data: MembershipRule | null;
  meta: { fields: UserField[]; mayEdit: boolean };
}

export interface SaveRuleResponse {
  data: MembershipRule;
  meta: { added: number; removed: number };
}
