'use client';

import { useEffect, useRef } from 'react';
import { createHlsPlayer, type HlsPlayer } from '../../../media/browser/hls-player';

export type PlaybackState = 'loading' | 'playing' | 'stalled' | 'error';

/**
 * A <video> fed by hls.js (low-latency live settings from media/browser) or by the browser itself where it plays
 * HLS natively (Safari, iOS). hls.js is loaded on demand so the show page stays light until there is something to play.
 */
export function HlsVideo({
  src,
  live,
  muted,
  controls = false,
  className,
  testId,
  onState,
  onAspect,
  fit,
  onPlayer,
}: {
  src: string;
  /** Live: hold ~1.5 s behind the edge. Replay: plain VOD from the start. */
  live: boolean;
  muted: boolean;
  controls?: boolean;
  className?: string;
  testId?: string;
  onState?: (state: PlaybackState, detail?: string) => void;
  /** Width / height of the picture whenever it changes (a phone camera may be portrait). */
  onAspect?: (ratio: number) => void;
  /** How the picture fills the element (exposed as data-fit for styling and tests). */
  fit?: 'cover' | 'contain';
  /** The player once it exists (null when it goes): its playingDate() is the viewer's playback clock. */
  onPlayer?: (player: HlsPlayer | null) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const report = useRef(onState);
  report.current = onState;
  const aspect = useRef(onAspect);
  aspect.current = onAspect;
  const announce = useRef(onPlayer);
  announce.current = onPlayer;

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let player: HlsPlayer | null = null;
    let cancelled = false;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const emit = (state: PlaybackState, detail?: string) => report.current?.(state, detail);
    emit('loading');

    const onPlaying = () => {
      clearTimeout(stallTimer);
      emit('playing');
    };
    // A short wait is normal at the live edge; only call it a stall when it lasts.
    const onWaiting = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => emit('stalled'), 2500);
    };
    const onResize = () => {
      if (element.videoWidth && element.videoHeight) aspect.current?.(element.videoWidth / element.videoHeight);
    };
    element.addEventListener('playing', onPlaying);
    element.addEventListener('waiting', onWaiting);
    element.addEventListener('resize', onResize);

    void import('hls.js').then(
      ({ default: Hls }) => {
        if (cancelled) return;
        player = createHlsPlayer({
          Hls,
          video: element,
          src,
          onFatalError: (detail) => emit('error', detail),
          config: live ? {} : { lowLatencyMode: false, startPosition: 0 },
        });
        announce.current?.(player);
      },
      () => emit('error', 'the player could not load'),
    );

    return () => {
      cancelled = true;
      clearTimeout(stallTimer);
      element.removeEventListener('playing', onPlaying);
      element.removeEventListener('waiting', onWaiting);
      element.removeEventListener('resize', onResize);
      player?.destroy();
      if (player) announce.current?.(null);
    };
  }, [src, live]);

  useEffect(() => {
    if (video.current) video.current.muted = muted;
  }, [muted]);

  return (
    <video
      ref={video}
      className={className}
      data-testid={testId}
      data-fit={fit}
      muted={muted}
      controls={controls}
      playsInline
      autoPlay
    />
  );
}
