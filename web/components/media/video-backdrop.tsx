'use client';

import { useEffect, useRef } from 'react';
import styles from './show-player.module.css';

const drawEveryMs = 250;

/**
 * Behind a landscape picture on a full-screen phone player: the same picture, tiny and blurred, filling the screen,
 * so the video never sits as a strip on black. A 32x18 canvas redrawn four times a second costs next to nothing.
 */
export function VideoBackdrop({ frame }: { frame: React.RefObject<HTMLDivElement | null> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const timer = setInterval(() => {
      const video = frame.current?.querySelector('video');
      if (video && video.readyState >= 2) context.drawImage(video, 0, 0, 32, 18);
    }, drawEveryMs);
    return () => clearInterval(timer);
  }, [frame]);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a canvas is not focusable; this one is decoration behind the video
    <canvas
      ref={canvas}
      className={styles.backdrop}
      width={32}
      height={18}
      aria-hidden="true"
      data-testid="video-backdrop"
    />
  );
}
