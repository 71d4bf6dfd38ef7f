/**
 * The site's own attributes of its users-permissions users, as the plugin may use them: shown as report
 * columns (`reportUserFields`) and read by membership rules. Only scalar, non-private attributes qualify,
 * and never a password, a token, a secret or a provider id, whatever the schema says about them.
 */

export const USER_FIELD_KINDS = ['string', 'enumeration', 'boolean', 'number', 'date'] as const;
export type UserFieldKind = (typeof USER_FIELD_KINDS)[number];

/** A user attribute as the admin and the API describe it. */
export interface UserField {
  name: string;
  kind: UserFieldKind;
  /** The allowed values of an enumeration. */
  values?: string[];
}

export type UserFieldValue = string | number | boolean | null;

/**
 * The column title of an attribute as people read it: `department` → "Department", `jobTitle` and
 * `job_title` → "Job title". The attribute's name is the site's own word, so it is not translated.
 */
export const userFieldLabel = (name: string): string => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What the plugin reads of a content type attribute. */
export interface UserAttributeSchema {
  type: string;
  private?: boolean;
  enum?: readonly string[];
}

const KIND_OF_TYPE: Readonly<Record<string, UserFieldKind>> = {
  string: 'string',
  text: 'string',
  email: 'string',
  uid: 'string',
  enumeration: 'enumeration',
  boolean: 'boolean',
  integer: 'number',
  biginteger: 'number',
  float: 'number',
  decimal: 'number',
  date: 'date',
  datetime: 'date',
};

/** Users-permissions' own secrets and sign-in plumbing, refused even where a schema leaves them public. */
const NEVER_USED = new Set([
  'password',
  'resetPasswordToken',
  'confirmationToken',
  'provider',
  'role',
  'id',
  'documentId',
]);
const SECRET_LIKE = /password|token|secret|hash|salt|provider/i;

/**
 * Why `name` cannot be used, in a sentence naming it, or null when it can. `kinds` narrows the kinds the
 * caller accepts (membership rules read strings, enumerations and booleans only).
 */
export const userFieldProblem = (
  name: string,
  attribute: UserAttributeSchema | undefined,
  kinds: readonly UserFieldKind[] = USER_FIELD_KINDS
): string | null => {
  if (!attribute) return `"${name}" is not an attribute of the users-permissions user.`;
  if (NEVER_USED.has(name) || SECRET_LIKE.test(name) || attribute.private) {
    return `"${name}" is private (a password, a token, a provider id or a private attribute) and never leaves the server.`;
  }
  const kind = KIND_OF_TYPE[attribute.type];
  if (!kind || !kinds.includes(kind)) {
    return `"${name}" is a ${attribute.type} attribute; only ${kinds.join(', ')} attributes can be used here.`;
  }
  return null;
};

/** The field of an attribute that passed `userFieldProblem`. */
export const userFieldOf = (name: string, attribute: UserAttributeSchema): UserField => {
  const kind = KIND_OF_TYPE[attribute.type];
  return kind === 'enumeration' ? { name, kind, values: [...(attribute.enum ?? [])] } : { name, kind };
};

/** A value as the database returns it (SQLite keeps booleans as 0/1 and dates as epoch ms), typed. */
export const userFieldValue = (kind: UserFieldKind, raw: unknown): UserFieldValue => {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (kind) {
    case 'boolean':
      return raw === true || raw === 1 || raw === '1' || raw === 'true' || raw === 't';
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    case 'date': {
      const date =
        raw instanceof Date
          ? raw
          : new Date(typeof raw === 'string' && !/^\d+$/.test(raw) ? raw : Number(raw));
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    default:
      return String(raw);
  }
};

/**
 * A filter value typed in a query string (`department:Sales`), read for the field's kind; a sentence
 * naming the field when it cannot be one.
 */
export const parseUserFieldFilter = (
  field: UserField,
  text: string
): { ok: true; value: string | number | boolean } | { ok: false; message: string } => {
  switch (field.kind) {
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, message: `${field.name} must be true or false` };
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, message: `${field.name} must be a number` };
    }
    case 'enumeration': {
      const value = field.values?.find((v) => v.toLowerCase() === text.toLowerCase());
      return value !== undefined
        ? { ok: true, value }
        : { ok: false, message: `${field.name} must be one of ${(field.values ?? []).join(', ')}` };
    }
    case 'date':
      return { ok: false, message: `${field.name} is a date: filter by it in the export instead` };
    default:
      return { ok: true, value: text };
  }
};
