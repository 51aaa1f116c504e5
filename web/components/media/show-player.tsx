'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { HlsPlayer } from '../../../media/browser/hls-player';
import { momentOf } from '../replay/replay-moment';
import { type ReplayClock, ShoppableReplay } from '../replay/shoppable-replay';
import { formatDateTime } from '../../format/date-time';
import { useShowRoom } from '../show-page/show-room-context';
import { useOptionalShowRoomLive } from '../show-room/show-room-live';
import { ShowStage } from '../show-page/show-stage';
import { HlsVideo, type PlaybackState } from './hls-video';
import styles from './show-player.module.css';
import { useShowStatusFeed } from './use-show-status-feed';
import { VideoBackdrop } from './video-backdrop';

export type PlayerState = 'upcoming' | 'live' | 'reconnecting' | 'ended' | 'replay' | 'cancelled';

/**
 * The show room's player: countdown while upcoming (switching to live by itself), the live stream with a LIVE badge,
 * a reconnecting notice while the host's connection is down, then "ended" with the replay one tap away.
 */
export function ShowPlayer({ fill = false }: { fill?: boolean }) {
  const { show } = useShowRoom();
  const feed = useShowStatusFeed();
  const [watchReplay, setWatchReplay] = useState(false);
  // A link to a moment of the replay (`?t=` seconds from the show's start) opens the replay there.
  const [moment, setMoment] = useState<number | null>(null);
  useEffect(() => {
    const at = momentOf(show.startedAt, new URLSearchParams(window.location.search).get('t'));
    if (at === null) return;
    setMoment(at);
    setWatchReplay(true);
  }, [show.startedAt]);

  if (show.status === 'LIVE' && show.hlsUrl) {
    return <LivePlayer src={show.hlsUrl} hostReconnecting={feed.reconnecting} fill={fill} />;
  }
  if (show.status === 'ENDED' && show.replayUrl) {
    if (watchReplay) return <ReplayPlayer src={show.replayUrl} fill={fill} startAt={moment} />;
    return (
      <div className={`${styles.frame} ${fill ? styles.fill : ''}`} data-testid="show-player" data-state="ended">
        <ShowStage>
          <p className={styles.kicker}>This show has ended</p>
          {show.endedAt ? <p className={styles.note}>{formatDateTime(show.endedAt)}</p> : null}
          <button
            type="button"
            className={`button button-primary ${styles.bigButton}`}
            onClick={() => setWatchReplay(true)}
            data-testid="watch-replay"
          >
            ▶ Watch the replay
          </button>
        </ShowStage>
      </div>
    );
  }
  const state: PlayerState =
    show.status === 'SCHEDULED' ? 'upcoming' : show.status === 'CANCELLED' ? 'cancelled' : 'ended';
  return (
    <div className={`${styles.frame} ${fill ? styles.fill : ''}`} data-testid="show-player" data-state={state}>
      <ShowStage />
    </div>
  );
}

/**
 * Full screen (phones): a portrait picture covers the screen; a landscape one is shown whole (contain) over a
 * blurred copy of itself, so it is never a thin strip on black. Elsewhere the frame takes the picture's shape.
 */
function useFrame(fill: boolean, ratio: number | null) {
  const fit: 'cover' | 'contain' = fill && ratio !== null && ratio < 1 ? 'cover' : 'contain';
  const ref = useRef<HTMLDivElement>(null);
  return {
    ref,
    frameClass: `${styles.frame} ${styles.stage} ${fill ? styles.fill : ''}`,
    frameStyle: !fill && ratio ? { aspectRatio: String(ratio) } : undefined,
    videoClass: `${styles.video} ${fit === 'cover' ? styles.cover : ''}`,
    fit,
    backdrop: fill && fit === 'contain' ? <VideoBackdrop frame={ref} /> : null,
  };
}

function LivePlayer({ src, hostReconnecting, fill }: { src: string; hostReconnecting: boolean; fill: boolean }) {
  // The player's playback clock drives the room's commerce cues (pins and sales on the video's timeline).
  const onPlayer = useOptionalShowRoomLive()?.attachPlayer;
  const [playback, setPlayback] = useState<PlaybackState>('loading');
  const [detail, setDetail] = useState<string | undefined>();
  // Browsers block autoplay with sound; start muted and let the viewer turn sound on with one tap.
  const [muted, setMuted] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const [ratio, setRatio] = useState<number | null>(null);

  // A fatal player error while the show is live: try again on our own after a moment.
  useEffect(() => {
    if (playback !== 'error') return;
    const timer = setTimeout(() => setAttempt((value) => value + 1), 3000);
    return () => clearTimeout(timer);
  }, [playback]);

  const reconnecting = hostReconnecting || playback === 'stalled' || playback === 'error';
  const state: PlayerState = reconnecting ? 'reconnecting' : 'live';
  const frame = useFrame(fill, ratio);
  return (
    <div
      ref={frame.ref}
      className={frame.frameClass}
      style={frame.frameStyle}
      data-testid="show-player"
      data-state={state}
      data-playback={playback}
    >
      {frame.backdrop}
      <HlsVideo
        key={attempt}
        onAspect={setRatio}
        src={src}
        live
        muted={muted}
        className={frame.videoClass}
        fit={frame.fit}
        testId="player-video"
        onPlayer={onPlayer}
        onState={(next, why) => {
          setPlayback(next);
          setDetail(why);
        }}
      />
      {/* Full screen, the room's overlay shows LIVE next to the host instead. */}
      {fill ? null : (
        <div className={styles.topBar}>
          <span className={`badge badge-live ${styles.liveBadge}`} data-testid="live-badge">
            ● Live
          </span>
        </div>
      )}
      {muted && playback === 'playing' ? (
        <button type="button" className={styles.unmute} onClick={() => setMuted(false)} data-testid="unmute">
          <MutedIcon /> Tap to unmute
        </button>
      ) : null}
      {playback === 'loading' && !hostReconnecting ? (
        <div className={styles.overlay} role="status">
          <span className={styles.spinner} aria-hidden="true" />
          <p className={styles.note}>Joining the live show…</p>
        </div>
      ) : null}
      {reconnecting ? (
        <div className={styles.overlay} role="status" data-testid="player-reconnecting">
          <span className={styles.spinner} aria-hidden="true" />
          <p className={styles.kicker}>Reconnecting</p>
          <p className={styles.note}>
            {hostReconnecting
              ? 'The host’s connection dropped. The show continues as soon as they are back.'
              : 'Catching up with the live stream…'}
          </p>
          {detail && playback === 'error' ? <p className={styles.detail}>{detail}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The video element under a frame (HlsVideo owns it). */
const videoIn = (frame: HTMLDivElement | null) => frame?.querySelector('video') ?? null;

function ReplayPlayer({ src, fill, startAt }: { src: string; fill: boolean; startAt: number | null }) {
  const [playback, setPlayback] = useState<PlaybackState>('loading');
  const [ratio, setRatio] = useState<number | null>(null);
  const frame = useFrame(fill, ratio);
  const player = useRef<HlsPlayer | null>(null);
  // The replay's playback clock: program date times, so the show's cues (pins, prices, sales) line up with it.
  const clock = useMemo<ReplayClock>(
    () => ({
      playingAt: () => player.current?.playingDate()?.getTime() ?? null,
      seek(mediaTimeMs) {
        const video = videoIn(frame.ref.current);
        const now = player.current?.playingDate()?.getTime();
        if (!video || now === undefined) return;
        video.currentTime = Math.max(0, video.currentTime + (mediaTimeMs - now) / 1000);
        void video.play().catch(() => {});
      },
    }),
    [frame.ref],
  );
  // A moment link: seek once the first frame gives the clock.
  const pendingMoment = useRef(startAt);
  useEffect(() => {
    if (playback !== 'playing' || pendingMoment.current === null) return;
    const at = pendingMoment.current;
    const timer = setInterval(() => {
      if (clock.playingAt() === null) return;
      pendingMoment.current = null;
      clock.seek(at);
      clearInterval(timer);
    }, 100);
    return () => clearInterval(timer);
  }, [playback, clock]);
  return (
    <>
      <div
        ref={frame.ref}
        className={frame.frameClass}
        style={frame.frameStyle}
        data-testid="show-player"
        data-state="replay"
        data-playback={playback}
      >
        {frame.backdrop}
        <HlsVideo
          src={src}
          live={false}
          muted={false}
          controls
          fit={frame.fit}
          className={frame.videoClass}
          testId="player-video"
          onState={setPlayback}
          onAspect={setRatio}
          onPlayer={(next) => {
            player.current = next;
          }}
        />
        {fill ? null : (
          <div className={styles.topBar}>
            <span className="badge" data-testid="replay-badge">
              Replay
            </span>
          </div>
        )}
        {playback === 'error' ? (
          <div className={styles.overlay} role="alert">
            <p className={styles.note}>The replay could not be played. Reload the page to try again.</p>
          </div>
        ) : null}
      </div>
      <ShoppableReplay clock={clock} />
    </>
  );
}

function MutedIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.icon}>
      <path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3z" />
      <path stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M16 9l6 6M22 9l-6 6" />
    </svg>
  );
}
