import type { ShowStatus } from '../../api/api-types';

const look: Record<ShowStatus, { className: string; label: string }> = {
  SCHEDULED: { className: 'badge badge-scheduled', label: 'Upcoming' },
  LIVE: { className: 'badge badge-live', label: '● Live' },
  ENDED: { className: 'badge', label: 'Ended' },
  CANCELLED: { className: 'badge badge-danger', label: 'Cancelled' },
};

export function StatusBadge({ status }: { status: ShowStatus }) {
  const { className, label } = look[status];
  return (
    <span className={className} data-testid="show-status" data-status={status}>
      {label}
    </span>
  );
}
