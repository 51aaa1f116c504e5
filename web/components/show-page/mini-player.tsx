'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './immersive-room.module.css';

const margin = 12;

/**
 * Holds the player. Full screen normally; `mini` shrinks it to a corner box the viewer can drag anywhere, with
 * "back to the show" and, where the browser offers it, picture-in-picture (the video then floats outside the page).
 * The same <video> element keeps playing throughout: nothing is reloaded.
 */
export function MiniPlayer({
  mini,
  onExpand,
  children,
}: {
  mini: boolean;
  onExpand: () => void;
  children: React.ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const drag = useRef<{ startX: number; startY: number; baseX: number; baseY: number } | null>(null);
  const [pipSupported, setPipSupported] = useState(false);

  useEffect(() => setPipSupported(typeof document !== 'undefined' && document.pictureInPictureEnabled === true), []);
  useEffect(() => {
    if (!mini) setOffset({ x: 0, y: 0 });
  }, [mini]);

  const clamp = (x: number, y: number) => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect) return { x, y };
    // The box starts at the top right corner; keep it whole on screen.
    const minX = -(window.innerWidth - rect.width - 2 * margin);
    const maxY = window.innerHeight - rect.height - 2 * margin - 64;
    return { x: Math.min(0, Math.max(minX, x)), y: Math.max(0, Math.min(maxY, y)) };
  };

  const pictureInPicture = async () => {
    const video = box.current?.querySelector('video');
    if (video && document.pictureInPictureElement !== video) await video.requestPictureInPicture().catch(() => {});
  };

  return (
    <div
      ref={box}
      className={`${styles.player} ${mini ? styles.mini : ''}`}
      data-slot="player"
      data-testid="player-holder"
      data-mini={mini}
      style={mini ? { transform: `translate(${offset.x}px, ${offset.y}px)` } : undefined}
      onPointerDown={(event) => {
        if (!mini || (event.target as Element).closest('button')) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { startX: event.clientX, startY: event.clientY, baseX: offset.x, baseY: offset.y };
      }}
      onPointerMove={(event) => {
        const start = drag.current;
        if (!start) return;
        setOffset(clamp(start.baseX + event.clientX - start.startX, start.baseY + event.clientY - start.startY));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
    >
      {children}
      {mini ? (
        <div className={styles.miniControls}>
          <button type="button" onClick={onExpand} aria-label="Back to the show" data-testid="mini-player-expand">
            <Icon d="M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7" />
          </button>
          {pipSupported ? (
            <button
              type="button"
              onClick={() => void pictureInPicture()}
              aria-label="Picture in picture"
              data-testid="mini-player-pip"
            >
              <Icon d="M3 5h18v14H3zM12 12h7v5h-7z" />
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
