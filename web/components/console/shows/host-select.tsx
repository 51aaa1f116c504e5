'use client';

import { useApiQuery } from '../../../api/queries';
import type { ControlProps } from '../../forms/field';
import { useBrand } from '../brand-context';
import { accountRoutes } from '@server/accounts/account-schemas';

/** Picks the show's host among the brand's staff with the HOST role. */
export function HostSelect({
  control,
  value,
  onChange,
  current,
}: {
  control: ControlProps;
  value: string;
  onChange: (hostId: string) => void;
  /** The show's current host, kept as an option even if they are no longer listed as HOST. */
  current?: { id: string; name: string } | null;
}) {
  const { brandId } = useBrand();
  const staff = useApiQuery(accountRoutes.staff, { params: { brandId } });
  const hosts = staff.data?.items.filter((member) => member.role === 'HOST') ?? [];
  return (
    <select
      {...control}
      className="select"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      disabled={staff.loading && !staff.data}
    >
      <option value="">
        {staff.loading ? 'Loading hosts…' : staff.error ? 'Could not load hosts' : 'No host yet'}
      </option>
      {current && !hosts.some((host) => host.userId === current.id) ? (
        <option value={current.id}>{current.name}</option>
      ) : null}
      {hosts.map((host) => (
        <option key={host.userId} value={host.userId}>
          {host.name} ({host.email})
        </option>
      ))}
    </select>
  );
}
