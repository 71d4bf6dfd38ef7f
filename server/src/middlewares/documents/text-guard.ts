/**
 * Refuses control characters in the text of a write to one of the plugin's own content types through the
 * document service: the Content Manager, scripts and other plugins. PostgreSQL refuses a NUL in text and the
 * request would end in a 500; this makes it a 400 that names the field, as the plugin's own routes answer
 * (their contracts check text before it gets this far).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONTROL_CHARACTER_MESSAGE, forbiddenCharacter, type TextKind } from '../../../../common/domain/text';
import { PLUGIN_ID } from '../../constants';

interface DocumentContext {
  uid: string;
  action: string;
  params: { data?: Record<string, unknown> } & Record<string, unknown>;
}

/** The attribute types that hold text, and which kind of text each is. */
const TEXT_KINDS: Readonly<Record<string, TextKind>> = {
  string: 'single-line',
  uid: 'single-line',
  email: 'single-line',
  text: 'multi-line',
};

const WRITES = new Set(['create', 'update', 'clone']);

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
    const data = ctx.params.data;
    if (!WRITES.has(ctx.action) || !ctx.uid.startsWith(`plugin::${PLUGIN_ID}.`) || !data) return next();
    for (const [name, kind] of textFieldsOf(ctx.uid)) {
      const value = data[name];
      if (typeof value === 'string' && forbiddenCharacter(value, kind)) {
        const message = CONTROL_CHARACTER_MESSAGE[kind];
        // The Content Manager shows `errors[].path` next to the field.
        throw new errors.ValidationError(`${name}: ${message}`, {
          errors: [{ path: [name], message, name: 'ValidationError' }],
        });
      }
    }
    return next();
  };
};

export default textGuard;
