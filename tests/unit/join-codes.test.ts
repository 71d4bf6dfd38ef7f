import {
  JOIN_CODE_ALPHABET,
  attemptPeriod,
  joinCodeFromBytes,
  joinCodeState,
  normalizeJoinCode,
} from '../../common/domain/join-codes';

describe('join codes', () => {
  it('makes grouped codes of the unambiguous alphabet, read back however they are typed', () => {
    const code = joinCodeFromBytes(Uint8Array.from({ length: 20 }, (_, i) => i * 13));
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect([...code.replace(/-/g, '')].every((c) => JOIN_CODE_ALPHABET.includes(c))).toBe(true);
    const plain = code.replace(/-/g, '');
    expect(normalizeJoinCode(code.toLowerCase())).toBe(plain);
    expect(normalizeJoinCode(` ${plain.slice(0, 10)} ${plain.slice(10)} `)).toBe(plain);
  });

  it.each([
    ['o0o0-iIlL-0000-0000-0000', '00001111000000000000'],
    ['too short', null],
    ['UUUU-0000-0000-0000-0000', null],
    ['0000-0000-0000-0000-00000', null],
  ])('normalizes %p to %p', (typed, expected) => {
    expect(normalizeJoinCode(typed)).toBe(expected);
  });

  const now = new Date('2030-01-01T12:00:00Z');
  it.each([
    [{ expiresAt: null, maxUses: null, uses: 99, disabledAt: null }, 'active'],
    [{ expiresAt: '2030-01-01T12:00:00Z', maxUses: null, uses: 0, disabledAt: null }, 'expired'],
    [{ expiresAt: '2030-01-02T00:00:00Z', maxUses: 2, uses: 2, disabledAt: null }, 'used-up'],
    [
      { expiresAt: '2029-01-01T00:00:00Z', maxUses: 2, uses: 2, disabledAt: '2029-06-01T00:00:00Z' },
      'disabled',
    ],
  ] as const)('state of %p is %p', (code, state) => {
    expect(joinCodeState(code, now)).toBe(state);
  });

  it('puts instants of one window in one period, the next window in the next', () => {
    const start = new Date('2030-01-01T12:00:00Z');
    expect(attemptPeriod(new Date(start.getTime() + 14 * 60_000), 15)).toBe(attemptPeriod(start, 15));
    expect(attemptPeriod(new Date(start.getTime() + 15 * 60_000), 15)).toBe(attemptPeriod(start, 15) + 1);
  });
});
