import { userFieldLabel } from '../../common/domain/user-fields';

describe('userFieldLabel', () => {
  it.each([
    ['department', 'Department'],
    ['jobTitle', 'Job title'],
    ['job_title', 'Job title'],
    ['cost-center', 'Cost center'],
    ['employeeID2', 'Employee id2'],
    ['x', 'X'],
  ])('%s reads as "%s"', (name, label) => {
    expect(userFieldLabel(name)).toBe(label);
  });
});
