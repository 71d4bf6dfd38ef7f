import { errors } from '@strapi/utils';
import type { z } from 'zod';
import { validationMessage } from '../../../common/domain/validation-messages';

/**
 * Parses input with a contract's zod schema. Bad input becomes a 400 whose message a person can act on
 * ("query.page: Expected number, received string"), never a 500, with its key and values in `details` so the
 * admin says it in the reader's language (see common/domain/validation-messages.ts).
 */
export const parseInput = <S extends z.ZodTypeAny>(schema: S, input: unknown, where = 'body'): z.infer<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [where, ...issue.path].join('.'),
    message: issue.message,
  }));
  const message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new errors.ValidationError(message, {
    errors: details,
    ...validationMessage(result.error.issues, where),
  });
};
