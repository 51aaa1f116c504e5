'use client';

import { useParams } from 'next/navigation';
import { SurveyAnswerForm } from '../../../components/surveys/survey-answer-form';

export default function SurveyPage() {
  const { surveyId } = useParams<{ surveyId: string }>();
  return (
    <main className="container" style={{ maxWidth: 640 }}>
      <SurveyAnswerForm surveyId={surveyId} />
    </main>
  );
}
