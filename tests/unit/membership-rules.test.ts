import { conditionHolds, ruleMatches, type RuleCondition } from '../../common/domain/membership-rules';

const kinds = { department: 'enumeration', email: 'string', remote: 'boolean', city: 'string' } as const;

describe('membership rules', () => {
  it.each<[RuleCondition, unknown, boolean]>([
    [{ attribute: 'email', operator: 'endsWith', values: ['@ACME.test'] }, 'ann@acme.test', true],
    [{ attribute: 'email', operator: 'endsWith', values: ['@acme.test'] }, 'ann@acme.test.evil', false],
    [{ attribute: 'city', operator: 'equals', values: ['Utrecht'] }, 'utrecht', true],
    [{ attribute: 'city', operator: 'oneOf', values: ['Delft', 'Gouda'] }, 'gouda', true],
    [{ attribute: 'department', operator: 'equals', values: ['Sales'] }, 'sales', false],
    [{ attribute: 'department', operator: 'oneOf', values: ['Sales', 'Support'] }, 'Support', true],
    [{ attribute: 'remote', operator: 'equals', values: [true] }, 1, true],
    [{ attribute: 'remote', operator: 'equals', values: [false] }, true, false],
    [{ attribute: 'city', operator: 'equals', values: ['Utrecht'] }, null, false],
  ])('%p on %p holds: %p', (condition, value, expected) => {
    expect(conditionHolds(condition, kinds[condition.attribute as keyof typeof kinds], value)).toBe(expected);
  });

  it('combines conditions with all or any, and an empty rule matches nobody', () => {
    const conditions: RuleCondition[] = [
      { attribute: 'department', operator: 'equals', values: ['Sales'] },
      { attribute: 'remote', operator: 'equals', values: [true] },
    ];
    const user = { department: 'Sales', remote: false };
    expect(ruleMatches({ match: 'all', conditions }, kinds, user)).toBe(false);
    expect(ruleMatches({ match: 'any', conditions }, kinds, user)).toBe(true);
    expect(ruleMatches({ match: 'any', conditions: [] }, kinds, user)).toBe(false);
  });
});
