'use client';

import { useParams } from 'next/navigation';
import { OffersConsole } from '../../../../components/offers/offers-console';

export default function OffersPage() {
  const { brandId } = useParams<{ brandId: string }>();
  return (
    <>
      <h2>Personal offers</h2>
      <OffersConsole brandId={brandId} />
    </>
  );
}
