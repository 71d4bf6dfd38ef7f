import { errors } from '@strapi/utils';

/**
 * An approval refused for want of a seat is a conflict with the group's state, not bad input: a 409 whose
 * details carry the code and the seats used, so the admin can ask the manager what to do. Strapi's own
 * errors map to 400, 403 and 404 only, so the answer is written here in Strapi's error shape.
 */
export const answerSeatConflict = (ctx: { status: number; body: unknown }, error: unknown): boolean => {
  if (!(error instanceof errors.ValidationError)) return false;
  const details = (error.details ?? {}) as { code?: string };
  if (details.code !== 'SEAT_LIMIT') return false;
  ctx.status = 409;
  ctx.body = {
    data: null,
    error: { status: 409, name: 'ConflictError', message: error.message, details },
  };
  return true;
};
