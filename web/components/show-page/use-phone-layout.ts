'use client';

import { useSyncExternalStore } from 'react';

/** Phones held upright (and narrow windows): the show room and the studio switch to full-screen video. */
export const phoneQuery = '(max-width: 600px)';

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(phoneQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** True on a phone-sized screen; false while rendering on the server (the page then switches on hydration). */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(phoneQuery).matches,
    () => false,
  );
}
