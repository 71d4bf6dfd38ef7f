import { BUILT_IN_EMAIL_KINDS } from '../../common/domain/email-kinds';
import { EMAIL_LANGUAGES } from '../../common/domain/decision-emails';
import { parseTemplate, renderEmail, templateProblem } from '../../common/domain/email-template';

const VARIABLES = ['name', 'reason', 'link'];

describe('parseTemplate', () => {
  it.each([
    ['Hi {{name}}', null],
    ['Hi {{ name }}{{#if reason}} ({{reason}}){{else}}.{{/if}}', null],
    ['{{#if reason}}{{#if name}}x{{/if}}{{/if}}', null],
    ['no variables at all', null],
    ['a\nb {{nme}}', 'line 2: unknown variable {{nme}}; this email knows {{name}}, {{reason}}, {{link}}'],
    ['{{name.constructor}}', 'line 1: "{{name.constructor}}" is not a variable name'],
    ['{{__proto__}}', 'line 1: "{{__proto__}}" is not a variable name'],
    ['x\n\n{{#if reason}}', 'line 3: {{#if reason}} is never closed with {{/if}}'],
    ['{{/if}}', 'line 1: {{/if}} without its {{#if}}'],
    ['{{else}}', 'line 1: {{else}} outside an {{#if}} block'],
    ['{{#if reason}}a{{else}}b{{else}}c{{/if}}', 'line 1: {{else}} outside an {{#if}} block'],
    ['{{#each name}}{{/each}}', 'the only block is {{#if name}}'],
    ['{{#if nope}}x{{/if}}', 'line 1: unknown variable {{nope}}'],
    ['one\ntwo {{name', 'line 2: "{{" is never closed with "}}"'],
    ['a }} b', 'line 1: a "}}" without its "{{"'],
    ['{{{name}}}', 'is not a tag'],
    ['{{/each}}', 'close a block with {{/if}}'],
  ])('%j → %s', (source, problem) => {
    const result = parseTemplate(source, VARIABLES);
    if (problem === null) expect(result.ok).toBe(true);
    else expect(result.ok ? null : result.problem).toContain(problem);
  });
});

describe('renderEmail', () => {
  const variables = [{ name: 'name' }, { name: 'reason' }, { name: 'link', link: true }];
  const source = {
    subject: 'For {{name}}',
    body: 'Hello <b>{{name}}</b>,\n\n{{#if reason}}Because: {{reason}}{{else}}No reason.{{/if}}\nSee {{link}}',
  };

  it('sends text as written and escapes every character in HTML, with link variables as links', () => {
    const email = renderEmail(source, variables, {
      name: 'Eva "<i>" & co',
      reason: '<script>x</script>',
      link: 'https://x.test/?a=1&b=<2>',
    });
    expect(email.subject).toBe('For Eva "<i>" & co');
    expect(email.text).toBe(
      'Hello <b>Eva "<i>" & co</b>,\n\nBecause: <script>x</script>\nSee https://x.test/?a=1&b=<2>'
    );
    expect(email.html).toBe(
      '<p>Hello &lt;b&gt;Eva &quot;&lt;i&gt;&quot; &amp; co&lt;/b&gt;,</p>\n' +
        '<p>Because: &lt;script&gt;x&lt;/script&gt;<br>See <a href="https://x.test/?a=1&amp;b=&lt;2&gt;">https://x.test/?a=1&amp;b=&lt;2&gt;</a></p>'
    );
  });

  it('takes the else branch for an empty or missing value, and keeps a subject on one line', () => {
    const email = renderEmail(source, variables, { name: 'A\r\nBcc: x@y', reason: '  ' });
    expect(email.subject).toBe('For A Bcc: x@y');
    expect(email.text).toContain('No reason.');
    expect(email.html).not.toContain('<a ');
  });

  it('throws on a source that does not parse (callers check it on save)', () => {
    expect(() => renderEmail({ subject: '{{x}}', body: '' }, variables, {})).toThrow(
      'unknown variable {{x}}'
    );
  });
});

describe('the plugin’s own email kinds', () => {
  it.each(
    BUILT_IN_EMAIL_KINDS.flatMap((kind) => EMAIL_LANGUAGES.map((language) => [kind.kind, language] as const))
  )(
    '%s in %s: the default parses against its variables and every variable has a sample',
    (kindName, language) => {
      const kind = BUILT_IN_EMAIL_KINDS.find((k) => k.kind === kindName)!;
      expect(templateProblem(kind.defaults[language], kind.variables)).toBeNull();
      for (const variable of kind.variables)
        expect([variable.name, variable.sample.length > 0]).toEqual([variable.name, true]);
    }
  );
});
