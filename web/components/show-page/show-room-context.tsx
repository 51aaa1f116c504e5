'use client';

import { createContext, useContext } from 'react';
import type { PublicShowDetail, PublicShowProduct, PublicShow } from '../../api/api-types';

/**
 * What every piece of the show room can read: the public show, its brand and products as loaded by the
 * page, plus setters so live updates (realtime stock, pins, status) can change them without a reload.
 */
export interface ShowRoomState extends PublicShowDetail {
  showId: string;
  updateShow: (change: (show: PublicShow) => PublicShow) => void;
  updateProducts: (change: (products: PublicShowProduct[]) => PublicShowProduct[]) => void;
  reload: () => Promise<void>;
}

const ShowRoomContext = createContext<ShowRoomState | null>(null);

export const ShowRoomProvider = ShowRoomContext.Provider;

export function useShowRoom(): ShowRoomState {
  const value = useContext(ShowRoomContext);
  if (!value) throw new Error('useShowRoom must be used inside the show page');
  return value;
}
