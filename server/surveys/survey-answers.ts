// Her answers checked against the survey: known questions once each, choices of the question, ratings on its
// scale, real dates, required questions answered; and the tags her choices add.
import { AppError } from '../errors/app-error';
import type { AnswerInput, SurveyQuestion } from './survey-schemas';

export interface CheckedAnswer {
  questionId: string;
  choiceIds: string[];
  rating: number | null;
  date: string | null;
  text: string | null;
}

const realDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};

export function checkAnswers(
  questions: SurveyQuestion[],
  answers: AnswerInput[],
): { answers: CheckedAnswer[]; tagIds: string[] } {
  const problems: Record<string, string> = {};
  const byId = new Map(questions.map((question) => [question.id, question]));
  const seen = new Set<string>();
  const checked: CheckedAnswer[] = [];
  const tagIds = new Set<string>();
  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    const key = `answers.${answer.questionId}`;
    if (!question || seen.has(answer.questionId)) {
      problems[key] = question ? 'answered twice' : 'no such question';
      continue;
    }
    seen.add(answer.questionId);
    const row: CheckedAnswer = { questionId: question.id, choiceIds: [], rating: null, date: null, text: null };
    if (question.kind === 'SINGLE' || question.kind === 'MULTIPLE') {
      const ids = [...new Set(answer.choiceIds ?? [])];
      const choices = ids.map((id) => question.choices.find((choice) => choice.id === id));
      if (!ids.length && !question.required) continue;
      if (choices.some((choice) => !choice)) problems[key] = 'not one of the choices';
      else if (question.kind === 'SINGLE' && ids.length !== 1) problems[key] = 'pick one';
      else if (!ids.length) problems[key] = 'pick at least one';
      for (const choice of choices) for (const tag of choice?.tagIds ?? []) tagIds.add(tag);
      row.choiceIds = ids;
    } else if (question.kind === 'RATING') {
      if (answer.rating === undefined && !question.required) continue;
      if (answer.rating === undefined || answer.rating < 1 || answer.rating > question.scale)
        problems[key] = `a rating from 1 to ${question.scale}`;
      row.rating = answer.rating ?? null;
    } else if (question.kind === 'DATE') {
      if (!answer.date && !question.required) continue;
      if (!answer.date || !realDate(answer.date)) problems[key] = 'a real date';
      row.date = answer.date ?? null;
    } else {
      const text = answer.text?.trim() ?? '';
      if (!text && !question.required) continue;
      if (!text) problems[key] = 'write an answer';
      row.text = text;
    }
    checked.push(row);
  }
  for (const question of questions)
    if (question.required && !checked.some((row) => row.questionId === question.id))
      problems[`answers.${question.id}`] ??= 'this question needs an answer';
  if (Object.keys(problems).length) throw new AppError('VALIDATION_FAILED', 'some answers need another look', problems);
  return { answers: checked, tagIds: [...tagIds] };
}

/** An answer as one line of text (the customer's profile, the CSV export). */
export function answerText(question: SurveyQuestion, answer: Omit<CheckedAnswer, 'questionId'>): string {
  if (question.kind === 'SINGLE' || question.kind === 'MULTIPLE')
    return answer.choiceIds.map((id) => question.choices.find((choice) => choice.id === id)?.label ?? id).join('; ');
  if (question.kind === 'RATING') return answer.rating === null ? '' : `${answer.rating}/${question.scale}`;
  if (question.kind === 'DATE') return answer.date ?? '';
  return answer.text ?? '';
}
