'use client';

import { useState } from 'react';
import { useShowRoom } from './show-room-context';

/** Web Share where the device has it (the phone's share sheet: LINE, messages…); elsewhere the link is copied. */
export function ShareButton({ className = 'button button-small' }: { className?: string }) {
  const { show, brand } = useShowRoom();
  const [copied, setCopied] = useState(false);
  const share = async () => {
    const url = `${window.location.origin}/shows/${encodeURIComponent(show.id)}`;
    const data = { title: show.title, text: `${brand.name} is live on Livecart: ${show.title}`, url };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      await navigator.share(data).catch(() => {});
      return;
    }
    await navigator.clipboard?.writeText(url).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      },
      () => {},
    );
  };
  return (
    <button
      type="button"
      className={className}
      onClick={() => void share()}
      data-testid="share-button"
      aria-live="polite"
    >
      {copied ? 'Link copied' : 'Share'}
    </button>
  );
}
