'use client';

// Her survey answers in the console's customer profile.
import { useState } from 'react';
import { surveyRoutes } from '../../../server/surveys/survey-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery, useInvalidate } from '../../api/queries';

/** With a conversation: "Ask in this chat" starts a survey there, answered with quick replies. */
export function SurveyAnswersPanel({
  brandId,
  followerId,
  conversationId,
}: {
  brandId: string;
  followerId: string;
  conversationId?: string;
}) {
  const answers = useApiQuery(surveyRoutes.followerAnswers, { params: { brandId, followerId } });
  const surveys = useApiQuery(surveyRoutes.list, conversationId ? { params: { brandId } } : null);
  const [surveyId, setSurveyId] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const items = answers.data?.items ?? [];
  const ask = async () => {
    if (!conversationId || !surveyId) return;
    try {
      await call(surveyRoutes.askInChat, { params: { brandId, surveyId }, body: { conversationId } });
      setNote('Asked in the chat.');
      await invalidate('Surveys');
    } catch (caught) {
      setNote(errorMessage(caught));
    }
  };
  return (
    <section data-testid="survey-answers">
      <h3>Survey answers</h3>
      {conversationId ? (
        <div className="row">
          <select className="select" aria-label="Survey" value={surveyId} onChange={(e) => setSurveyId(e.target.value)}>
            <option value="">Ask a survey in this chat…</option>
            {surveys.data?.items
              .filter((survey) => !survey.closedAt)
              .map((survey) => (
                <option key={survey.id} value={survey.id}>
                  {survey.title}
                </option>
              ))}
          </select>
          <button type="button" className="button button-small" disabled={!surveyId} onClick={() => void ask()}>
            Ask
          </button>
          {note ? <span className="muted">{note}</span> : null}
        </div>
      ) : null}
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
