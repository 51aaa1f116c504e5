'use client';

import { useParams } from 'next/navigation';
import { SurveysConsole } from '../../../../components/surveys/surveys-console';

export default function SurveysPage() {
  const { brandId } = useParams<{ brandId: string }>();
  return (
    <>
      <h2>Surveys</h2>
      <SurveysConsole brandId={brandId} />
    </>
  );
}
