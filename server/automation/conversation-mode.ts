// Bot or human: a conversation is answered by the automation until a person replies or the customer asks for
// one; it goes back to the bot after the brand's idle time without a staff reply. Pure decisions on plain values.
import { normalizeText } from './keyword-matching';

export type ConversationMode = 'bot' | 'human';

/** Words by which customers commonly ask for a person, in the languages the platform's brands sell in. */
export const defaultHumanKeywords = [
  'human',
  'agent',
  'staff',
  'person',
  'operator',
  '担当者',
  'オペレーター',
  '人と話したい',
  'スタッフ',
  'เจ้าหน้าที่',
  'แอดมิน',
  '人工',
  '客服',
];

export interface ModeState {
  mode: ConversationMode;
  /** The last reply written by a person (not the bot); null when none. */
  lastHumanReplyAt: Date | null;
}

/** The mode in force at `now`: human mode lapses to bot once `idleMinutes` pass after the last human reply. */
export function effectiveMode(state: ModeState, now: Date, idleMinutes: number): ConversationMode {
  if (state.mode === 'bot') return 'bot';
  const since = state.lastHumanReplyAt?.getTime();
  if (since === undefined) return 'human';
  return now.getTime() - since >= idleMinutes * 60_000 ? 'bot' : 'human';
}

export function asksForHuman(message: string, keywords: readonly string[]): boolean {
  const normalized = normalizeText(message);
  return (keywords.length ? keywords : defaultHumanKeywords).some((keyword) => {
    const wanted = normalizeText(keyword);
    return wanted !== '' && normalized.includes(wanted);
  });
}

export type ModeDecision =
  | { answer: 'bot'; mode: 'bot' }
  /** The customer asked for a person: switch to human mode and tell her once. */
  | { answer: 'handover'; mode: 'human' }
  /** A person is on it: the automation stays quiet. */
  | { answer: 'none'; mode: 'human' };

/** What to do with a customer's message given the conversation's state. */
export function decideOnCustomerMessage(
  state: ModeState,
  message: string,
  now: Date,
  options: { idleMinutes: number; humanKeywords: readonly string[] },
): ModeDecision {
  const mode = effectiveMode(state, now, options.idleMinutes);
  if (mode === 'human') return { answer: 'none', mode: 'human' };
  if (asksForHuman(message, options.humanKeywords)) return { answer: 'handover', mode: 'human' };
  return { answer: 'bot', mode: 'bot' };
}

/** A person's reply always puts the conversation in human mode; a bot message never changes it. */
export function afterStaffReply(at: Date): ModeState {
  return { mode: 'human', lastHumanReplyAt: at };
}
