'use client';

// Her survey on a phone: one card per question (choices as large buttons, a 1-5 or 1-10 scale, a date, free text).
// Answering needs her account (surveys are identified); her earlier answers are filled in.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { type AnswerInput, type SurveyForm, surveyRoutes } from '../../../server/surveys/survey-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { Alert, ErrorState, LoadingState } from '../feedback/feedback';
import { useSession } from '../session/session-provider';
import styles from './surveys.module.css';

type Answers = Record<string, AnswerInput>;

function QuestionField({
  question,
  answer,
  onChange,
}: {
  question: SurveyForm['questions'][number];
  answer: AnswerInput | undefined;
  onChange: (answer: AnswerInput) => void;
}) {
  const base = { questionId: question.id };
  if (question.kind === 'SINGLE' || question.kind === 'MULTIPLE') {
    const picked = new Set(answer?.choiceIds ?? []);
    return (
      <div className={styles.choices}>
        {question.choices.map((choice) => (
          <button
            key={choice.id}
            type="button"
            className={`${styles.choice} ${picked.has(choice.id) ? styles.picked : ''}`}
            aria-pressed={picked.has(choice.id)}
            onClick={() => {
              const next = question.kind === 'SINGLE' ? new Set<string>() : new Set(picked);
              if (picked.has(choice.id) && question.kind === 'MULTIPLE') next.delete(choice.id);
              else next.add(choice.id);
              onChange({ ...base, choiceIds: [...next] });
            }}
          >
            {choice.label}
          </button>
        ))}
      </div>
    );
  }
  if (question.kind === 'RATING') {
    return (
      <div className={styles.scale}>
        {Array.from({ length: question.scale }, (_, i) => i + 1).map((value) => (
          <button
            key={value}
            type="button"
            className={`${styles.choice} ${answer?.rating === value ? styles.picked : ''}`}
            aria-pressed={answer?.rating === value}
            onClick={() => onChange({ ...base, rating: value })}
          >
            {value}
          </button>
        ))}
      </div>
    );
  }
  if (question.kind === 'DATE') {
    return (
      <input
        className="input"
        type="date"
        value={answer?.date ?? ''}
        onChange={(event) => onChange({ ...base, date: event.target.value || undefined })}
      />
    );
  }
  return (
    <textarea
      className="input"
      rows={3}
      maxLength={1000}
      value={answer?.text ?? ''}
      onChange={(event) => onChange({ ...base, text: event.target.value })}
    />
  );
}

export function SurveyAnswerForm({ surveyId }: { surveyId: string }) {
  const survey = useApiQuery(surveyRoutes.form, { params: { surveyId } });
  const { me } = useSession();
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const mine = survey.data?.mine;
  useEffect(() => {
    if (mine) setAnswers(Object.fromEntries(mine.map((answer) => [answer.questionId, answer])));
  }, [mine]);

  if (survey.error) return <ErrorState message={survey.error.message} />;
  if (!survey.data) return <LoadingState />;
  const form = survey.data;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await call(surveyRoutes.answer, { params: { surveyId }, body: { answers: Object.values(answers) } });
      setDone(true);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  if (done)
    return (
      <section className={`card ${styles.thanks}`} data-testid="survey-done">
        <h2>Thank you</h2>
        <p>{form.brandName} will use your answers to choose what to show you.</p>
      </section>
    );

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} data-testid="survey-form">
      <header>
        <p className="muted">{form.brandName}</p>
        <h1>{form.title}</h1>
        {form.intro ? <p>{form.intro}</p> : null}
      </header>
      {form.closed ? <Alert tone="error">This survey is closed.</Alert> : null}
      {form.questions.map((question) => (
        <fieldset key={question.id} className={`card ${styles.question}`} data-testid="survey-question">
          <legend>
            {question.text}
            {question.required ? '' : ' (optional)'}
          </legend>
          <QuestionField
            question={question}
            answer={answers[question.id]}
            onChange={(answer) => setAnswers({ ...answers, [question.id]: answer })}
          />
        </fieldset>
      ))}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {me === null ? (
        <Link className="button button-primary" href={`/sign-in?next=${encodeURIComponent(`/surveys/${surveyId}`)}`}>
          Sign in to answer
        </Link>
      ) : (
        <button type="submit" className="button button-primary" disabled={form.closed}>
          {form.mine ? 'Update my answers' : 'Send my answers'}
        </button>
      )}
    </form>
  );
}
