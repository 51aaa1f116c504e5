'use client';

// Build a survey: questions of five kinds; each choice names the tags it adds to whoever picks it.
import { useState } from 'react';
import { audienceRoutes } from '../../../server/audience/audience-schemas';
import { type QuestionKind, type SurveyInput, surveyRoutes } from '../../../server/surveys/survey-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery, useInvalidate } from '../../api/queries';
import { Alert } from '../feedback/feedback';

type Question = SurveyInput['questions'][number];

const kindLabels: Record<QuestionKind, string> = {
  SINGLE: 'Single choice',
  MULTIPLE: 'Multiple choice',
  RATING: 'Rating',
  DATE: 'Date',
  TEXT: 'Free text',
};

const newQuestion = (kind: QuestionKind): Question => ({
  kind,
  text: '',
  required: true,
  scale: 5,
  choices:
    kind === 'SINGLE' || kind === 'MULTIPLE'
      ? [
          { label: '', tagIds: [] },
          { label: '', tagIds: [] },
        ]
      : [],
});

export function SurveyBuilder({ brandId, onDone }: { brandId: string; onDone: () => void }) {
  const tags = useApiQuery(audienceRoutes.tags, { params: { brandId } });
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [questions, setQuestions] = useState<Question[]>([newQuestion('SINGLE')]);
  const [error, setError] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const setQuestion = (index: number, question: Question) =>
    setQuestions(questions.map((old, i) => (i === index ? question : old)));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await call(surveyRoutes.create, { params: { brandId }, body: { title, intro, questions } });
      await invalidate('Surveys');
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <form
      className="card stack"
      style={{ padding: 'var(--space-4)' }}
      onSubmit={(e) => void save(e)}
      data-testid="survey-builder"
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <label>
        Title
        <input className="input" value={title} required maxLength={120} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Introduction
        <input className="input" value={intro} maxLength={500} onChange={(e) => setIntro(e.target.value)} />
      </label>
      {questions.map((question, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a question is its place in the survey
        <fieldset key={index} className="card stack" style={{ padding: 'var(--space-3)' }}>
          <div className="row">
            <select
              className="select"
              aria-label="Kind"
              value={question.kind}
              onChange={(e) =>
                setQuestion(index, { ...newQuestion(e.target.value as QuestionKind), text: question.text })
              }
            >
              {Object.entries(kindLabels).map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
            <input
              className="input"
              aria-label="Question"
              placeholder="Question"
              value={question.text}
              required
              maxLength={300}
              onChange={(e) => setQuestion(index, { ...question, text: e.target.value })}
            />
            <label className="row">
              <input
                type="checkbox"
                checked={question.required}
                onChange={(e) => setQuestion(index, { ...question, required: e.target.checked })}
              />
              required
            </label>
            {question.kind === 'RATING' ? (
              <select
                className="select"
                aria-label="Scale"
                value={question.scale}
                onChange={(e) => setQuestion(index, { ...question, scale: e.target.value === '10' ? 10 : 5 })}
              >
                <option value="5">1 to 5</option>
                <option value="10">1 to 10</option>
              </select>
            ) : null}
            <button
              type="button"
              className="button button-small"
              onClick={() => setQuestions(questions.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
          {question.choices.map((choice, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a choice is its place in the question
            <div key={c} className="row">
              <input
                className="input"
                aria-label="Choice"
                placeholder={`Choice ${c + 1}`}
                value={choice.label}
                required
                maxLength={20}
                onChange={(e) =>
                  setQuestion(index, {
                    ...question,
                    choices: question.choices.map((old, i) => (i === c ? { ...old, label: e.target.value } : old)),
                  })
                }
              />
              <select
                className="select"
                aria-label="Adds the tag"
                value={choice.tagIds[0] ?? ''}
                onChange={(e) =>
                  setQuestion(index, {
                    ...question,
                    choices: question.choices.map((old, i) =>
                      i === c ? { ...old, tagIds: e.target.value ? [e.target.value] : [] } : old,
                    ),
                  })
                }
              >
                <option value="">adds no tag</option>
                {tags.data?.items.map((tag) => (
                  <option key={tag.id} value={tag.id}>
                    adds “{tag.name}”
                  </option>
                ))}
              </select>
            </div>
          ))}
          {question.choices.length && question.choices.length < 13 ? (
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                setQuestion(index, { ...question, choices: [...question.choices, { label: '', tagIds: [] }] })
              }
            >
              Add a choice
            </button>
          ) : null}
        </fieldset>
      ))}
      <div className="row">
        <select
          className="select"
          aria-label="Add a question"
          value=""
          onChange={(e) => e.target.value && setQuestions([...questions, newQuestion(e.target.value as QuestionKind)])}
        >
          <option value="">Add a question…</option>
          {Object.entries(kindLabels).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary">
          Create survey
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
