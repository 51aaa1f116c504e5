import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { answerText, checkAnswers } from './survey-answers';
import type { SurveyQuestion } from './survey-schemas';

const q = (id: string, kind: SurveyQuestion['kind'], extra: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
  id,
  kind,
  text: id,
  required: true,
  scale: 5,
  choices: [],
  ...extra,
});
const questions = [
  q('q1', 'SINGLE', {
    choices: [
      { id: 'c1', label: 'Bags', tagIds: ['t-bags'] },
      { id: 'c2', label: 'Shoes', tagIds: ['t-shoes', 't-vip'] },
    ],
  }),
  q('q2', 'MULTIPLE', {
    choices: [
      { id: 'c1', label: 'Gold', tagIds: ['t-gold'] },
      { id: 'c2', label: 'Silver', tagIds: ['t-vip'] },
    ],
  }),
  q('q3', 'RATING', { scale: 10 }),
  q('q4', 'DATE', { required: false }),
  q('q5', 'TEXT', { required: false }),
];

const fields = (answers: Parameters<typeof checkAnswers>[1]) => {
  try {
    checkAnswers(questions, answers);
    return null;
  } catch (error) {
    return error instanceof AppError ? error.fields : error;
  }
};

const complete = [
  { questionId: 'q1', choiceIds: ['c2'] },
  { questionId: 'q2', choiceIds: ['c1', 'c2', 'c2'] },
  { questionId: 'q3', rating: 9 },
];

describe('checking her answers', () => {
  it('collects the tags of every choice she picked, once each', () => {
    const checked = checkAnswers(questions, complete);
    expect(checked.tagIds.sort()).toEqual(['t-gold', 't-shoes', 't-vip']);
    expect(checked.answers.find((a) => a.questionId === 'q2')?.choiceIds).toEqual(['c1', 'c2']);
  });

  it('refuses unknown choices, two picks on a single choice, ratings off the scale and dates that do not exist', () => {
    expect(fields([{ questionId: 'q1', choiceIds: ['c9'] }, ...complete.slice(1)])).toEqual({
      'answers.q1': 'not one of the choices',
    });
    expect(fields([{ questionId: 'q1', choiceIds: ['c1', 'c2'] }, ...complete.slice(1)])).toEqual({
      'answers.q1': 'pick one',
    });
    expect(fields([...complete.slice(0, 2), { questionId: 'q3', rating: 11 }])).toEqual({
      'answers.q3': 'a rating from 1 to 10',
    });
    expect(fields([...complete, { questionId: 'q4', date: '2026-02-30' }])).toEqual({ 'answers.q4': 'a real date' });
  });

  it('needs the required questions, ignores empty optional ones, and refuses unknown or repeated questions', () => {
    expect(fields(complete.slice(1))).toEqual({ 'answers.q1': 'this question needs an answer' });
    expect(checkAnswers(questions, [...complete, { questionId: 'q5', text: '  ' }]).answers).toHaveLength(3);
    expect(fields([...complete, { questionId: 'q9', text: 'x' }])).toEqual({ 'answers.q9': 'no such question' });
    expect(fields([...complete, complete[0]!])).toEqual({ 'answers.q1': 'answered twice' });
  });

  it('writes an answer as text for her profile and the export', () => {
    expect(answerText(questions[1]!, { choiceIds: ['c1', 'c2'], rating: null, date: null, text: null })).toBe(
      'Gold; Silver',
    );
    expect(answerText(questions[2]!, { choiceIds: [], rating: 9, date: null, text: null })).toBe('9/10');
  });
});
