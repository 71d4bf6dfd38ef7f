import { useT } from './useT';

/** A group's free seats in words: "3 seats left", "Full", "2 over the limit", or "No seat limit". */
export const useSeatsLeftLabel = () => {
  const t = useT();
  return (group: { seatLimit: number | null; seatsUsed: number }) => {
    if (group.seatLimit === null) return t('overview.noLimit', 'No seat limit');
    const left = group.seatLimit - group.seatsUsed;
    if (left < 0) return t('seats.over', '{count} over the limit', { count: -left });
    return t('seats.left', '{count, plural, =0 {Full} one {# seat left} other {# seats left}}', {
      count: left,
    });
  };
};
