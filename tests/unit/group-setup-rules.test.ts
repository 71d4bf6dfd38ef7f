/** The Groups screen's pure rules: a shared course's edit right under both settings, and the slug that follows the name. */
import { mayEditCourse } from '../../common/domain/course-sharing';
import { followsName, slugOf } from '../../common/domain/slug';

describe('mayEditCourse', () => {
  it.each([
    // groups using the course, groups where the right is held, all-groups, any-group
    [[1], [1], true, true],
    [[1, 2], [1], false, true],
    [[1, 2], [1, 2], true, true],
    [[1, 2, 3], [3], false, true],
    [[1, 2], [], false, false],
    [[], [1], false, false],
  ])('used by %j, right in %j: all-groups %s, any-group %s', (using, withRight, all, any) => {
    expect(mayEditCourse(using, new Set(withRight), 'all-groups')).toBe(all);
    expect(mayEditCourse(using, new Set(withRight), 'any-group')).toBe(any);
  });
});

describe('slugs', () => {
  it('are made like Strapi makes them', () => {
    expect(slugOf('Amsterdam nursing team')).toBe('amsterdam-nursing-team');
    expect(slugOf('Zorg & Welzijn — Één')).toBe('zorg-and-welzijn-een');
  });

  it.each([
    ['amsterdam-nursing-team', 'Amsterdam nursing team', true],
    ['amsterdam-nursing-team-2', 'Amsterdam nursing team', true],
    ['', 'Amsterdam nursing team', true],
    ['ams', 'Amsterdam nursing team', false],
    ['amsterdam-nursing-team-x', 'Amsterdam nursing team', false],
    ['a-b', 'a.b', true],
    ['ab', 'a.b', false],
  ])('%s follows "%s": %s', (slug, name, follows) => {
    expect(followsName(slug, name)).toBe(follows);
  });
});
