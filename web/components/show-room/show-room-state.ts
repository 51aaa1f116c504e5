// The show room's live state on the client, as a reducer over the join snapshot and the server's broadcasts.
import type {
  ChatMessage,
  ChatSettings,
  JoinState,
  KeywordAnswer,
  PinnedProduct,
  Restriction,
  SaleState,
  SaleStockChanged,
  ShowRoomStatus,
  ViewerSelf,
} from '../../../server/realtime/contract';

const keepMessages = 200;

export interface LiveState {
  connection: 'connecting' | 'live' | 'offline';
  joined: boolean;
  status: ShowRoomStatus | null;
  settings: ChatSettings;
  you: ViewerSelf | null;
  messages: ChatMessage[];
  pins: PinnedProduct[];
  viewers: number;
  sales: SaleState[];
  /** The private answer to this viewer's last chat-keyword order (server/commerce/keyword-orders). */
  keywordAnswer: KeywordAnswer | null;
  /** Keyword orders in this show, live (the host's panel shows them). */
  keywordCounts: { holds: number; waiting: number } | null;
}

export const initialLiveState: LiveState = {
  connection: 'connecting',
  joined: false,
  status: null,
  settings: { slowModeSeconds: 0, chatRequiresSignIn: true },
  you: null,
  messages: [],
  pins: [],
  viewers: 0,
  sales: [],
  keywordAnswer: null,
  keywordCounts: null,
};

export type LiveAction =
  | { type: 'connection'; connection: LiveState['connection'] }
  | { type: 'joined'; state: JoinState }
  | { type: 'message'; message: ChatMessage }
  | { type: 'deleted'; messageId: string }
  | { type: 'purged'; userId: string }
  | { type: 'settings'; settings: ChatSettings }
  | { type: 'restriction'; change: Restriction & { active: boolean } }
  | { type: 'pins'; pins: PinnedProduct[] }
  | { type: 'viewers'; viewers: number }
  | { type: 'status'; status: ShowRoomStatus }
  | { type: 'sale'; sale: SaleState }
  | { type: 'stock'; stock: SaleStockChanged }
  | { type: 'keyword-answer'; answer: KeywordAnswer | null }
  | { type: 'keyword-counts'; counts: { holds: number; waiting: number } };

/** Merges by id and keeps time order: a rejoin's snapshot and live messages may overlap. */
function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(-keepMessages);
}

function applyRestriction(you: ViewerSelf | null, change: Restriction & { active: boolean }): ViewerSelf | null {
  if (!you || you.userId !== change.userId) return you;
  const others = you.restrictions.filter((r) => r.kind !== change.kind);
  const restrictions = change.active
    ? [...others, { userId: change.userId, kind: change.kind, until: change.until }]
    : others;
  const silenced = restrictions.some((r) => r.kind === 'BAN' || r.kind === 'MUTE');
  return { ...you, restrictions, canChat: !silenced && (change.active ? false : true) };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection, joined: action.connection === 'live' ? state.joined : false };
    case 'joined': {
      const { show, you, messages, pins, viewers, sales } = action.state;
      return {
        ...state,
        joined: true,
        status: show.status,
        settings: { slowModeSeconds: show.slowModeSeconds, chatRequiresSignIn: show.chatRequiresSignIn },
        you,
        // The snapshot is the truth for what it covers (deletes included); keep older messages we already had.
        messages: mergeMessages(
          state.messages.filter((m) => m.createdAt < (messages[0]?.createdAt ?? '')),
          messages,
        ),
        pins,
        viewers,
        sales,
      };
    }
    case 'message':
      return { ...state, messages: mergeMessages(state.messages, [action.message]) };
    case 'deleted':
      return { ...state, messages: state.messages.filter((m) => m.id !== action.messageId) };
    case 'purged':
      return { ...state, messages: state.messages.filter((m) => m.userId !== action.userId) };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'restriction':
      return { ...state, you: applyRestriction(state.you, action.change) };
    case 'pins':
      return { ...state, pins: action.pins };
    case 'viewers':
      return { ...state, viewers: action.viewers };
    case 'status':
      return { ...state, status: action.status };
    case 'sale':
      return { ...state, sales: [...state.sales.filter((s) => s.saleId !== action.sale.saleId), action.sale] };
    case 'keyword-answer':
      return { ...state, keywordAnswer: action.answer };
    case 'keyword-counts':
      return { ...state, keywordCounts: action.counts };
    case 'stock':
      return {
        ...state,
        sales: state.sales.map((s) => (s.saleId === action.stock.saleId ? { ...s, ...action.stock } : s)),
      };
  }
}
