import {
  completeWithinDaysOf,
  dueAtAfter,
  readCompleteWithin,
  withCompleteWithin,
} from '../../common/domain/course-settings';
import { completeWithinBodySchema, completeWithinSchema } from '../../common/contracts/course-settings';

const NOW = '2026-03-20T10:00:00.000Z';
describe('the stored "complete within N days"', () => {
  it('reads what the database hands back and leaves out what is not a valid N', () => {
    expect(readCompleteWithin('{"c1":30,"c2":0,"c3":1.5,"c4":"7","c5":3650}')).toEqual({ c1: 30, c5: 3650 });
    expect(readCompleteWithin({ c1: 3651 })).toEqual({});
    expect(readCompleteWithin('not json')).toEqual({});
    expect(readCompleteWithin(null)).toEqual({});
    expect(readCompleteWithin([30])).toEqual({});
    expect(completeWithinDaysOf({ c1: 30 }, 'c1')).toBe(30);
    expect(completeWithinDaysOf({ c1: 30 }, 'c2')).toBeNull();
    expect(completeWithinDaysOf({ c1: 30 }, null)).toBeNull();
  });

  it('sets one course and removes it with null, keeping the others', () => {
    expect(withCompleteWithin('{"c1":30}', 'c2', 14)).toEqual({ c1: 30, c2: 14 });
    expect(withCompleteWithin({ c1: 30, c2: 14 }, 'c1', null)).toEqual({ c2: 14 });
  });

  it('counts days of 24 hours, across a daylight-saving change too', () => {
    // Europe's clocks go forward on 29 March 2026: still exactly 30 × 24 h later.
    expect(dueAtAfter(NOW, 30)).toBe('2026-04-19T10:00:00.000Z');
  });

  it('takes N from 1 to 3650 whole days, or null, and nothing else', () => {
    for (const days of [1, 30, 3650, null]) {
      expect(completeWithinBodySchema.safeParse({ course: 'c1', completeWithinDays: days }).success).toBe(
        true
      );
    }
    for (const days of [0, -1, 3651, 2.5, '30', undefined]) {
      expect(completeWithinBodySchema.safeParse({ course: 'c1', completeWithinDays: days }).success).toBe(
        false
      );
    }
    expect(completeWithinSchema.safeParse({ 'bad id!': 30 }).success).toBe(false);
    expect(completeWithinSchema.safeParse(null).success).toBe(true);
  });
});
