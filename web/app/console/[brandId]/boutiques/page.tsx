'use client';

import { useParams } from 'next/navigation';
import { StaffCalendar } from '../../../../components/appointments/staff-calendar';

export default function BoutiquesPage() {
  const { brandId } = useParams<{ brandId: string }>();
  return (
    <>
      <h2>Appointments</h2>
      <StaffCalendar brandId={brandId} />
    </>
  );
}
