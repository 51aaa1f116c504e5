'use client';

// The survey question the brand asked in this chat, answered with one tap (as LINE's quick replies): shown above
// the composer while the question is open; the next one arrives as a bot message.
import { useEffect, useState } from 'react';
import { surveyRoutes } from '../../../server/surveys/survey-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import styles from './surveys.module.css';

export function SurveyQuickReplies({ conversationId, messages }: { conversationId: string; messages: number }) {
  const prompt = useApiQuery(surveyRoutes.chatPrompt, { params: { conversationId } });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { reload } = prompt;
  // A new message in the thread may be the next question.
  useEffect(() => {
    if (messages) void reload();
  }, [messages, reload]);
  const open = prompt.data;
  if (!open) return null;
  const reply = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      await call(surveyRoutes.chatAnswer, { params: { conversationId }, body: { questionId: open.questionId, value } });
      await reload();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.quickReplies} role="group" aria-label={open.text} data-testid="survey-quick-replies">
      {open.replies.map((option) => (
        <button
          key={option.value}
          type="button"
          className={styles.quickReply}
          disabled={busy}
          onClick={() => void reply(option.value)}
        >
          {option.label}
        </button>
      ))}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
