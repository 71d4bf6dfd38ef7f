import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import type { EnrollmentRow } from '../../../common/contracts/report';
import { ACTION_REASON, type Attendance, type ManagerAction } from '../../../common/domain/enrollment-status';
import type { WhenFull } from '../../../common/domain/enrollment-plan';
import {
  errorMessage,
  useBulkTransitionEnrollmentsMutation,
  useSetAttendanceMutation,
  useTransitionEnrollmentMutation,
} from '../api/groups';
import { useActionLabel } from './useActionLabel';
import { seatsOfError, useSeatCheck, type SeatQuestion } from './useSeatCheck';
import { useStateLabel } from './useStateLabel';
import { useT } from './useT';

/** An action waiting for the manager's confirmation and reason (reject, unenroll, waitlist, reopen). */
export interface PendingAction {
  action: ManagerAction;
  documentIds: string[];
}

/** An approval that would pass a seat limit, with the reason it was given. */
export type PendingSeatQuestion = SeatQuestion & { reason?: string };

/**
 * A manager's decisions on the Enrollments page: one enrollment or a selection, a reason or a confirmation
 * first where the action needs one, and attendance. An approval that would pass a group's seat limit asks
 * first (`seatQuestion`): before sending when the workspace's counts show it, or when the server answers
 * with the seats used. Each outcome is told in a notification; the lists refetch by themselves.
 */
export const useEnrollmentActions = (rows: EnrollmentRow[]) => {
  const t = useT();
  const actionLabel = useActionLabel();
  const stateLabel = useStateLabel();
  const { toggleNotification } = useNotification();
  const [transition] = useTransitionEnrollmentMutation();
  const [bulkTransition] = useBulkTransitionEnrollmentsMutation();
  const [saveAttendance] = useSetAttendanceMutation();
  const [pending, setPending] = React.useState<PendingAction | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [seatQuestion, setSeatQuestion] = React.useState<PendingSeatQuestion | null>(null);
  const seats = useSeatCheck(rows);

  /**
   * `whenFull` is the manager's answer to a seat question; an approval without one asks the server to
   * refuse rather than waitlist (`ask`), so a full group always comes back as a question.
   */
  const run = async (action: ManagerAction, documentIds: string[], reason?: string, whenFull?: WhenFull) => {
    const chosen = rows.filter((row) => documentIds.includes(row.documentId));
    if (action === 'approve' && !whenFull) {
      const question = seats.before(chosen);
      if (question) {
        setPending(null);
        setSeatQuestion({ ...question, reason });
        return;
      }
    }
    const seatRule = action === 'approve' ? { whenFull: whenFull ?? ('ask' as const) } : {};
    const askAgain = (question: SeatQuestion | null) => {
      if (!question || whenFull) return false;
      setSeatQuestion({ ...question, reason });
      return true;
    };
    setBusy(true);
    try {
      if (documentIds.length === 1) {
        const data = await transition({
          documentId: documentIds[0],
          action,
          ...(reason ? { reason } : {}),
          ...seatRule,
        }).unwrap();
        const waitlisted = action === 'approve' && data.data.state === 'waitlisted';
        toggleNotification({
          type: waitlisted ? 'info' : 'success',
          message: waitlisted
            ? t(
                'action.waitlistedOne',
                '{learner}: no seat was free, so the enrollment is on the waitlist.',
                {
                  learner: data.data.learner.username,
                }
              )
            : t('action.doneOne', '{learner}: enrollment is now {state}.', {
                learner: data.data.learner.username,
                state: stateLabel(data.data.state),
              }),
        });
      } else {
        const data = await bulkTransition({
          documentIds,
          action,
          ...(reason ? { reason } : {}),
          ...seatRule,
        }).unwrap();
        const noSeat = data.data.filter((item) => !item.ok && item.code === 'SEAT_LIMIT');
        if (askAgain(seats.after(noSeat, chosen))) {
          if (data.meta.succeeded > 0) {
            toggleNotification({
              type: 'info',
              message: t(
                'action.doneUntilFull',
                '{action}: {count, plural, one {# enrollment} other {# enrollments}} done while seats lasted.',
                { action: actionLabel(action), count: data.meta.succeeded }
              ),
            });
          }
          setPending(null);
          return;
        }
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
      setSeatQuestion(null);
    } catch (error) {
      const refused = seatsOfError(error);
      if (askAgain(refused && seats.after([{ documentId: documentIds[0], seats: refused }], chosen))) {
        setPending(null);
        return;
      }
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

  return {
    busy,
    pending,
    cancel: () => setPending(null),
    run,
    request,
    setAttendance,
    seatQuestion,
    closeSeatQuestion: () => setSeatQuestion(null),
  };
};
