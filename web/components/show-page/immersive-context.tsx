'use client';

import { createContext, useContext } from 'react';
import type { PublicShowProduct } from '../../api/api-types';

/** What can open over the full-screen show on a phone. With a product's details open the video becomes the mini-player. */
export type ImmersivePanel =
  | { kind: 'bag' }
  | { kind: 'team' }
  | { kind: 'product'; product: PublicShowProduct }
  | null;

export interface Immersive {
  panel: ImmersivePanel;
  open(panel: Exclude<ImmersivePanel, null>): void;
  close(): void;
  overlaysHidden: boolean;
}

const ImmersiveContext = createContext<Immersive | null>(null);
export const ImmersiveProvider = ImmersiveContext.Provider;

export function useImmersive(): Immersive {
  const value = useContext(ImmersiveContext);
  if (!value) throw new Error('useImmersive must be used inside the phone show room');
  return value;
}
