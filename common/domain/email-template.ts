/**
 * The site owner's email templates: a small, closed syntax, checked when a template is saved and rendered when
 * an email is sent. `{{name}}` inserts a variable; `{{#if name}}…{{else}}…{{/if}}` keeps a part only when the
 * variable has a value. Nothing else: no helpers, no lookups, no paths, so a template reaches exactly the
 * variables its kind hands it and nothing of the rest of the site (a general engine such as Handlebars reads
 * any property of the values it is given).
 *
 * A body is plain text: the text part is sent as written; the HTML part escapes every character of it and of
 * every variable, makes a paragraph of each block between blank lines, and a link of each link variable.
 */

export interface TemplateVariable {
  name: string;
  /** A link variable becomes `<a href>` in the HTML part. */
  link?: boolean;
}

type Node =
  | { type: 'text'; value: string }
  | { type: 'variable'; name: string }
  | { type: 'if'; name: string; then: Node[]; otherwise: Node[] };

export type ParsedTemplate = Node[];

export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; problem: string };

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const TAG = /\{\{([\s\S]*?)\}\}/g;

const lineAt = (source: string, index: number) => source.slice(0, index).split('\n').length;

/**
 * Parses `source` against the variables its kind offers. A problem is one sentence naming the line and the
 * variable or the tag at fault, e.g. `line 3: unknown variable {{learnerNme}}; …`.
 */
export const parseTemplate = (source: string, variables: readonly string[]): ParseResult => {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { type: 'if' }>; inElse: boolean; line: number }> = [];
  const target = () => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.node.otherwise : top.node.then) : root;
  };
  const known = `this email knows ${variables.map((v) => `{{${v}}}`).join(', ') || 'no variables'}`;
  const fail = (index: number, message: string): ParseResult => ({
    ok: false,
    problem: `line ${lineAt(source, index)}: ${message}`,
  });
  const checkName = (name: string, index: number): ParseResult | null => {
    if (!NAME.test(name)) return fail(index, `"{{${name}}}" is not a variable name; ${known}`);
    if (!variables.includes(name)) return fail(index, `unknown variable {{${name}}}; ${known}`);
    return null;
  };
  const addText = (value: string, index: number): ParseResult | null => {
    const stray = value.search(/\{\{|\}\}/);
    if (stray >= 0) {
      return fail(
        index + stray,
        value.slice(stray, stray + 2) === '{{' ? '"{{" is never closed with "}}"' : 'a "}}" without its "{{"'
      );
    }
    if (value) target().push({ type: 'text', value });
    return null;
  };

  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const index = match.index ?? 0;
    const textProblem = addText(source.slice(last, index), last);
    if (textProblem) return textProblem;
    last = index + match[0].length;
    const inner = match[1].trim();
    if (inner.startsWith('{') || match[1].includes('{{')) {
      return fail(index, `"${match[0]}" is not a tag: write {{name}}`);
    }
    if (inner.startsWith('#')) {
      const parts = inner.slice(1).trim().split(/\s+/);
      if (parts[0] !== 'if' || parts.length !== 2) {
        return fail(index, `"${match[0]}" is not a tag: the only block is {{#if name}} … {{/if}}`);
      }
      const problem = checkName(parts[1], index);
      if (problem) return problem;
      const node: Extract<Node, { type: 'if' }> = { type: 'if', name: parts[1], then: [], otherwise: [] };
      target().push(node);
      stack.push({ node, inElse: false, line: lineAt(source, index) });
    } else if (inner === 'else') {
      const top = stack[stack.length - 1];
      if (!top || top.inElse) return fail(index, '{{else}} outside an {{#if}} block');
      top.inElse = true;
    } else if (inner.startsWith('/')) {
      if (inner.slice(1).trim() !== 'if')
        return fail(index, `"${match[0]}" is not a tag: close a block with {{/if}}`);
      if (!stack.pop()) return fail(index, '{{/if}} without its {{#if}}');
    } else {
      const problem = checkName(inner, index);
      if (problem) return problem;
      target().push({ type: 'variable', name: inner });
    }
  }
  const tailProblem = addText(source.slice(last), last);
  if (tailProblem) return tailProblem;
  const open = stack[stack.length - 1];
  if (open)
    return {
      ok: false,
      problem: `line ${open.line}: {{#if ${open.node.name}}} is never closed with {{/if}}`,
    };
  return { ok: true, template: root };
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML elements and attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export type TemplateValues = Record<string, string | null | undefined>;

const walk = (
  nodes: ParsedTemplate,
  values: TemplateValues,
  variable: (name: string, value: string) => string,
  text: (value: string) => string
): string =>
  nodes
    .map((node) => {
      if (node.type === 'text') return text(node.value);
      const value = values[node.name] ?? '';
      if (node.type === 'variable') return variable(node.name, value);
      return walk(value.trim() ? node.then : node.otherwise, values, variable, text);
    })
    .join('');

/** The template as plain text: variables as given. */
export const renderText = (template: ParsedTemplate, values: TemplateValues): string =>
  walk(
    template,
    values,
    (_name, value) => value,
    (value) => value
  );

/**
 * The template as HTML: every character escaped, a paragraph per block between blank lines, `<br>` for
 * a single line break, and an `<a>` for each link variable.
 */
export const renderHtml = (
  template: ParsedTemplate,
  values: TemplateValues,
  links: readonly string[] = []
): string =>
  walk(
    template,
    values,
    (name, value) =>
      links.includes(name) && value
        ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`
        : escapeHtml(value),
    escapeHtml
  )
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${paragraph.trim().replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

export interface TemplateSource {
  subject: string;
  body: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Why a subject and body cannot be saved for these variables, naming the part and line; null when they can. */
export const templateProblem = (
  source: TemplateSource,
  variables: readonly TemplateVariable[]
): string | null => {
  const names = variables.map((v) => v.name);
  for (const part of ['subject', 'body'] as const) {
    const parsed = parseTemplate(source[part], names);
    if (!parsed.ok) return `${part}, ${parsed.problem}`;
  }
  return null;
};

/** A subject and body rendered with `values`; throws when the source does not parse (check it first). */
export const renderEmail = (
  source: TemplateSource,
  variables: readonly TemplateVariable[],
  values: TemplateValues
): RenderedEmail => {
  const names = variables.map((v) => v.name);
  const parse = (part: string) => {
    const parsed = parseTemplate(part, names);
    if (!parsed.ok) throw new Error(`Email template: ${parsed.problem}`);
    return parsed.template;
  };
  const subject = parse(source.subject);
  const body = parse(source.body);
  return {
    // A subject is one line: a variable holding a line break must not start a header of its own.
    subject: renderText(subject, values)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim(),
    text: renderText(body, values).trim(),
    html: renderHtml(
      body,
      values,
      variables.filter((v) => v.link).map((v) => v.name)
    ),
  };
};
