/**
 * Notification contracts: the workspace's log of emails sent from my groups, resending a failed one, my
 * own preferences (admin routes), and the opt-out link of reminders and digests (Content API, no login).
 */
import { z } from 'zod';
import { NEW_REQUEST_MODES } from '../domain/notification-emails';
import type { OutboxState } from '../domain/outbox';
import { paginationShape, singleLineTextSchema, type Pagination } from './shared';

export const NOTIFICATION_STATES = ['pending', 'sending', 'sent', 'failed'] as const;

export const notificationLogQuerySchema = z
  .object({
    ...paginationShape,
    state: z.enum(NOTIFICATION_STATES).optional(),
  })
  .strict();
export type NotificationLogQuery = z.infer<typeof notificationLogQuerySchema>;

export interface NotificationLogEntry {
  id: number;
  kind: string;
  to: string;
  /** The group the email is about; null for a manager's digest over several groups. */
  group: { documentId: string; name: string } | null;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

export interface NotificationLogResponse {
  data: NotificationLogEntry[];
  meta: { pagination: Pagination };
}

export const notificationIdParamsSchema = z
  .object({
    id: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .positive('must be a positive id'),
  })
  .strict();

export interface ResendNotificationResponse {
  data: NotificationLogEntry;
}

export const preferencesBodySchema = z
  .object({
    newRequests: z.enum(NEW_REQUEST_MODES),
    weeklyDigest: z.boolean({ invalid_type_error: 'must be true or false' }),
  })
  .strict();
export type PreferencesBody = z.infer<typeof preferencesBodySchema>;

export interface PreferencesResponse {
  data: PreferencesBody;
}

export const optOutQuerySchema = z
  .object({
    token: singleLineTextSchema.min(20, 'is not an opt-out token').max(300, 'is not an opt-out token'),
  })
  .strict();
