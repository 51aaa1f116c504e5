'use client';

// Her survey answers in the console's customer profile.
import { surveyRoutes } from '../../../server/surveys/survey-schemas';
import { useApiQuery } from '../../api/queries';

export function SurveyAnswersPanel({ brandId, followerId }: { brandId: string; followerId: string }) {
  const answers = useApiQuery(surveyRoutes.followerAnswers, { params: { brandId, followerId } });
  const items = answers.data?.items ?? [];
  return (
    <section data-testid="survey-answers">
      <h3>Survey answers</h3>
      {items.length === 0 ? <p className="muted">none yet</p> : null}
      {items.map((response) => (
        <div key={response.surveyId}>
          <strong>{response.title}</strong>{' '}
          <span className="muted">{new Date(response.submittedAt).toLocaleDateString()}</span>
          <ul>
            {response.answers.map((answer) => (
              <li key={answer.question}>
                {answer.question}: <strong>{answer.answer}</strong>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
