import { signLink } from '../announcements/render-step';

/** Signed links that come back to us from outside the app (email, push, LINE): open pixel, click redirect, opt-out. */
export interface TrackingLinks {
  click(deliveryId: string, balloonIndex: number): string;
  open(deliveryId: string): string;
  unsubscribe(deliveryId: string): string;
}

export function createTrackingLinks(publicBaseUrl: string, secret: string): TrackingLinks {
  const base = publicBaseUrl.replace(/\/$/, '');
  return {
    click: (id, index) => `${base}/api/t/c/${id}/${index}?s=${signLink(secret, 'c', id, index)}`,
    open: (id) => `${base}/api/t/o/${id}?s=${signLink(secret, 'o', id)}`,
    unsubscribe: (id) => `${base}/api/t/unsubscribe/${id}?s=${signLink(secret, 'u', id)}`,
  };
}

/** The balloon index used for a link to the show itself (push notification body, email header). */
export const showLinkIndex = 99;
