'use client';

// The console's surveys: create, send to a segment's inbox, results per question (for everyone or a segment), CSV.
import { useState } from 'react';
import { segmentRoutes } from '../../../server/segments/segment-schemas';
import { type SurveyView, surveyRoutes } from '../../../server/surveys/survey-schemas';
import { pathOf } from '../../../server/http/route-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery, useInvalidate } from '../../api/queries';
import { Alert, EmptyState, ErrorState, LoadingState } from '../feedback/feedback';
import { SurveyBuilder } from './survey-builder';
import styles from './surveys.module.css';

export function SurveysConsole({ brandId }: { brandId: string }) {
  const surveys = useApiQuery(surveyRoutes.list, { params: { brandId } });
  const segments = useApiQuery(segmentRoutes.list, { params: { brandId } });
  const [building, setBuilding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  if (surveys.error) return <ErrorState message={surveys.error.message} />;
  if (!surveys.data) return <LoadingState />;
  return (
    <section className="stack" data-testid="surveys-console">
      {building ? (
        <SurveyBuilder brandId={brandId} onDone={() => setBuilding(false)} />
      ) : (
        <button type="button" className="button button-primary" onClick={() => setBuilding(true)}>
          New survey
        </button>
      )}
      {surveys.data.items.length === 0 ? (
        <EmptyState title="No survey yet">Ask what your customers want.</EmptyState>
      ) : null}
      {surveys.data.items.map((survey) => (
        <article key={survey.id} className="card stack" style={{ padding: 'var(--space-3)' }}>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <div>
              <strong>{survey.title}</strong>
              <p className="muted">
                {survey.questions.length} questions · {survey.responses} responses
                {survey.closedAt ? ' · closed' : ''} · link: /surveys/{survey.id}
              </p>
            </div>
            <button
              type="button"
              className="button button-small"
              onClick={() => setOpen(open === survey.id ? null : survey.id)}
            >
              {open === survey.id ? 'Hide' : 'Results'}
            </button>
          </div>
          {open === survey.id ? (
            <SurveyDetail brandId={brandId} survey={survey} segments={segments.data?.items ?? []} />
          ) : null}
        </article>
      ))}
    </section>
  );
}

function SurveyDetail({
  brandId,
  survey,
  segments,
}: {
  brandId: string;
  survey: SurveyView;
  segments: { id: string; name: string }[];
}) {
  const [segmentId, setSegmentId] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const results = useApiQuery(surveyRoutes.results, {
    params: { brandId, surveyId: survey.id },
    query: segmentId ? { segmentId } : {},
  });
  const invalidate = useInvalidate();
  const act = async (work: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ tone: 'success', text: await work() });
      await invalidate('Surveys');
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  };
  return (
    <div className="stack">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="row">
        <select
          className="select"
          aria-label="Segment"
          value={segmentId}
          onChange={(e) => setSegmentId(e.target.value)}
        >
          <option value="">All followers</option>
          {segments.map((segment) => (
            <option key={segment.id} value={segment.id}>
              {segment.name}
            </option>
          ))}
        </select>
        {!survey.closedAt ? (
          <>
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                void act(async () => {
                  const sent = await call(surveyRoutes.send, {
                    params: { brandId, surveyId: survey.id },
                    body: segmentId ? { segmentId } : {},
                  });
                  return `Sent to ${sent.recipients} customers' inbox.`;
                })
              }
            >
              Send to {segmentId ? 'this segment' : 'all followers'}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                void act(async () => {
                  await call(surveyRoutes.close, { params: { brandId, surveyId: survey.id } });
                  return 'Closed.';
                })
              }
            >
              Close
            </button>
          </>
        ) : null}
        <a
          className="button button-small"
          href={pathOf(surveyRoutes.export.path, { brandId, surveyId: survey.id })}
          download
        >
          Export CSV
        </a>
      </div>
      {results.data ? (
        <div className="stack" data-testid="survey-results">
          <p className="muted">{results.data.respondents} respondents</p>
          {results.data.questions.map((question) => (
            <div key={question.id}>
              <strong>{question.text}</strong> <span className="muted">({question.answered} answers)</span>
              {question.choices.length ? (
                <ul>
                  {question.choices.map((choice) => (
                    <li key={choice.id}>
                      {choice.label}: {choice.count}
                      <div
                        className={styles.bar}
                        style={{ width: `${question.answered ? (choice.count / question.answered) * 100 : 0}%` }}
                      />
                    </li>
                  ))}
                </ul>
              ) : null}
              {question.rating ? (
                <p>
                  Average {question.rating.average?.toFixed(1) ?? '–'} · {question.rating.counts.join(' / ')}
                </p>
              ) : null}
              {question.dates.length ? <p>{question.dates.map((d) => `${d.date} (${d.count})`).join(', ')}</p> : null}
              {question.texts.length ? (
                <ul>
                  {question.texts.slice(0, 10).map((text, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: answers in their order
                    <li key={i}>{text}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
