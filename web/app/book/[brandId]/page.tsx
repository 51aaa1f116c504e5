import { Suspense } from 'react';
import { BookingFlow } from '../../../components/appointments/booking-flow';
import { LoadingState } from '../../../components/feedback/feedback';

export const metadata = { title: 'Book an appointment' };

export default async function BookPage({ params }: { params: Promise<{ brandId: string }> }) {
  const { brandId } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <BookingFlow brandId={brandId} />
    </Suspense>
  );
}
