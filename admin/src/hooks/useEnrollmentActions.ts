import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import type { EnrollmentRow } from '../../../common/contracts/report';
import { ACTION_REASON, type Attendance, type ManagerAction } from '../../../common/domain/enrollment-status';
import {
  errorMessage,
  useBulkTransitionEnrollmentsMutation,
  useSetAttendanceMutation,
  useTransitionEnrollmentMutation,
} from '../api/groups';
import { useActionLabel } from './useActionLabel';
import { useStateLabel } from './useStateLabel';
import { useT } from './useT';

/** An action waiting for the manager's confirmation and reason (reject, unenroll, waitlist, reopen). */
export interface PendingAction {
  action: ManagerAction;
  documentIds: string[];
}

/**
 * A manager's decisions on the Enrollments page: one enrollment or a selection, a reason or a confirmation
 * first where the action needs one, and attendance. Each outcome is told in a notification; the lists refetch
 * by themselves.
 */
export const useEnrollmentActions = () => {
  const t = useT();
  const actionLabel = useActionLabel();
  const stateLabel = useStateLabel();
  const { toggleNotification } = useNotification();
  const [transition] = useTransitionEnrollmentMutation();
  const [bulkTransition] = useBulkTransitionEnrollmentsMutation();
  const [saveAttendance] = useSetAttendanceMutation();
  const [pending, setPending] = React.useState<PendingAction | null>(null);
  const [busy, setBusy] = React.useState(false);

  const run = async (action: ManagerAction, documentIds: string[], reason?: string) => {
    setBusy(true);
    try {
      if (documentIds.length === 1) {
        const data = await transition({
          documentId: documentIds[0],
          action,
          ...(reason ? { reason } : {}),
        }).unwrap();
        toggleNotification({
          type: 'success',
          message: t('action.doneOne', '{learner}: enrollment is now {state}.', {
            learner: data.data.learner.username,
            state: stateLabel(data.data.state),
          }),
        });
      } else {
        const data = await bulkTransition({ documentIds, action, ...(reason ? { reason } : {}) }).unwrap();
        const failed = data.data.filter((item) => !item.ok);
        toggleNotification({
          type: failed.length ? 'warning' : 'success',
          message: failed.length
            ? t('action.donePartly', '{action}: {succeeded} done, {failed} not: {reason}', {
                action: actionLabel(action),
                succeeded: data.meta.succeeded,
                failed: failed.length,
                reason: failed[0].message ? errorMessage(failed[0]) : failed[0].code,
              })
            : t(
                'action.doneMany',
                '{action}: {count, plural, one {# enrollment} other {# enrollments}} done.',
                {
                  action: actionLabel(action),
                  count: data.meta.succeeded,
                }
              ),
        });
      }
      setPending(null);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  /** Runs the action, or first asks for confirmation and the reason where the action takes one (ACTION_REASON). */
  const request = (action: ManagerAction, documentIds: string[]) => {
    if (ACTION_REASON[action] !== 'none') setPending({ action, documentIds });
    else void run(action, documentIds);
  };

  const setAttendance = async (row: EnrollmentRow, attendance: Attendance) => {
    try {
      await saveAttendance({ documentId: row.documentId, attendance }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('attendance.done', '{learner}: attendance is {attendance}.', {
          learner: row.learner.username,
          attendance: t(`attendance.${attendance}`, attendance),
        }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  return { busy, pending, cancel: () => setPending(null), run, request, setAttendance };
};
