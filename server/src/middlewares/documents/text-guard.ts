/**
 * Refuses control characters in the text of a write to one of the plugin's own content types through the
 * document service (the Content Manager, scripts and other plugins), and in the search (`_q`) and filters of
 * a read of them (the Content Manager's list). PostgreSQL refuses a NUL in text, in a stored value as in a
 * query parameter, and the request would end in a 500; this makes it a 400 that names the field, as the
 * plugin's own routes answer (their contracts check text before it gets this far).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isPlainObject } from '../../../../common/domain/scope-filters';
import { CONTROL_CHARACTER_MESSAGE, forbiddenCharacter, type TextKind } from '../../../../common/domain/text';
import { PLUGIN_ID } from '../../constants';

interface DocumentContext {
  uid: string;
  action: string;
  params: { data?: Record<string, unknown>; filters?: unknown; _q?: unknown } & Record<string, unknown>;
}

/** The attribute types that hold text, and which kind of text each is. */
const TEXT_KINDS: Readonly<Record<string, TextKind>> = {
  string: 'single-line',
  uid: 'single-line',
  email: 'single-line',
  text: 'multi-line',
};

const WRITES = new Set(['create', 'update', 'clone']);
const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

const refuse = (path: Array<string | number>, kind: TextKind): never => {
  const message = CONTROL_CHARACTER_MESSAGE[kind];
  // The Content Manager shows `errors[].path` next to the field.
  throw new errors.ValidationError(`${path.join('.')}: ${message}`, {
    errors: [{ path, message, name: 'ValidationError' }],
  });
};

/** Every string of a filter tree; a filter value may match multi-line text, so it may hold line breaks. */
const checkFilters = (value: unknown, path: Array<string | number>): void => {
  if (typeof value === 'string') {
    if (forbiddenCharacter(value, 'multi-line')) refuse(path, 'multi-line');
  } else if (Array.isArray(value)) {
    // Numbers hold no text: a scope's id list is not walked value by value.
    value.forEach((item, index) => {
      if (typeof item === 'string' || (typeof item === 'object' && item !== null))
        checkFilters(item, [...path, index]);
    });
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkFilters(item, [...path, key]);
  }
};

const textGuard = (strapi: Core.Strapi) => {
  const textFields = new Map<string, Array<[string, TextKind]>>();
  const textFieldsOf = (uid: string) => {
    let fields = textFields.get(uid);
    if (!fields) {
      const attributes = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes]?.attributes ??
        {}) as Record<string, { type?: string }>;
      fields = Object.entries(attributes).flatMap(([name, attribute]): Array<[string, TextKind]> => {
        const kind = TEXT_KINDS[attribute.type ?? ''];
        return kind ? [[name, kind]] : [];
      });
      textFields.set(uid, fields);
    }
    return fields;
  };

  return async (ctx: DocumentContext, next: () => Promise<unknown>): Promise<unknown> => {
    if (!ctx.uid.startsWith(`plugin::${PLUGIN_ID}.`)) return next();
    const { data, filters, _q: search } = ctx.params;
    if (WRITES.has(ctx.action) && data) {
      for (const [name, kind] of textFieldsOf(ctx.uid)) {
        const value = data[name];
        if (typeof value === 'string' && forbiddenCharacter(value, kind)) refuse([name], kind);
      }
    }
    if (READS.has(ctx.action)) {
      if (typeof search === 'string' && forbiddenCharacter(search, 'single-line'))
        refuse(['_q'], 'single-line');
      checkFilters(filters, ['filters']);
    }
    return next();
  };
};

export default textGuard;
