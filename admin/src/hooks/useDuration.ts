import { useIntl } from 'react-intl';

/**
 * Seconds as hours and minutes with their units in the admin's language ("1 hr 10 min", "1 uur 10 min"):
 * the platform's unit formats, so no unit word is translated by hand. Under a minute shows seconds.
 */
export const useDuration = () => {
  const { formatNumber } = useIntl();
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'short' });
  return (seconds: number | null) => {
    if (seconds === null) return '—';
    if (seconds < 60) return unit(Math.round(seconds), 'second');
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (hours === 0) return unit(minutes, 'minute');
    return minutes === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  };
};
