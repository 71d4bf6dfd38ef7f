import {
  DECISION_KINDS,
  EMAIL_LANGUAGES,
  decisionKind,
  emailLanguage,
  renderDecisionEmail,
} from '../../common/domain/decision-emails';
import { ENROLLMENT_STATES } from '../../common/domain/enrollment-status';

describe('decisionKind', () => {
  const table: Array<[string, string, string | null]> = [
    ['requested', 'approved', 'enrollment-approved'],
    ['waitlisted', 'approved', 'enrollment-promoted'],
    ['requested', 'rejected', 'enrollment-rejected'],
    ['waitlisted', 'rejected', 'enrollment-rejected'],
    ['requested', 'waitlisted', 'enrollment-waitlisted'],
    ['approved', 'cancelled', 'enrollment-unenrolled'],
    ['requested', 'cancelled', null],
    ['waitlisted', 'cancelled', null],
    ['rejected', 'requested', null],
    ['cancelled', 'requested', null],
    ['approved', 'completed', null],
    ['approved', 'approved', null],
  ];
  it.each(table)('%s → %s sends %s', (from, to, kind) => {
    expect(decisionKind(from as never, to as never)).toBe(kind);
  });

  it('never names a kind it has no template for', () => {
    for (const from of ENROLLMENT_STATES) {
      for (const to of ENROLLMENT_STATES) {
        const kind = decisionKind(from, to);
        if (kind) expect(DECISION_KINDS).toContain(kind);
      }
    }
  });
});

describe('emailLanguage', () => {
  it.each([
    ['nl', 'en', 'nl'],
    ['nl-BE', 'en', 'nl'],
    ['NL_nl', 'en', 'nl'],
    ['en-GB', 'nl', 'en'],
    ['de', 'nl', 'nl'],
    [null, 'en', 'en'],
    ['', 'nl', 'nl'],
  ])('%s with default %s is %s', (locale, fallback, expected) => {
    expect(emailLanguage(locale, fallback as never)).toBe(expected);
  });
});

describe('renderDecisionEmail', () => {
  const variables = {
    learnerName: 'Eva <i>',
    groupName: 'Team "A" & B',
    courseTitle: "O'Brien <course>",
    reason: '<script>x</script>',
  };
  it.each(DECISION_KINDS.flatMap((kind) => EMAIL_LANGUAGES.map((language) => [kind, language] as const)))(
    '%s in %s: text as written, every variable escaped in HTML',
    (kind, language) => {
      const email = renderDecisionEmail(kind, language, variables);
      expect(email.subject).toContain("O'Brien <course>");
      expect(email.text).toContain('Eva <i>');
      expect(email.text).toContain('<script>x</script>');
      expect(email.html).toContain('Eva &lt;i&gt;');
      expect(email.html).toContain('O&#39;Brien &lt;course&gt;');
      expect(email.html).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(email.html).not.toMatch(/<(script|i|course)>/);
    }
  );

  it('leaves the reason line out when none was given', () => {
    expect(
      renderDecisionEmail('enrollment-approved', 'en', { ...variables, reason: null }).text
    ).not.toContain('Reason');
  });
});
