'use client';

// Going live from the studio: a short-lived studio token (the stream key never reaches the page), then WHIP
// through media/browser's publisher, which reconnects by itself after a network drop.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  publishWhip,
  WhipPublishError,
  type PublisherState,
  type WhipPublisher,
} from '../../../media/browser/whip-publisher';
import { call } from '../../api/api-client';
import { problemFromPublishError, type StudioProblem } from './studio-problems';
import { showRoutes } from '@server/shows/show-schemas';

export type StudioPhase = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ending' | 'ended';

export interface StudioPublisher {
  phase: StudioPhase;
  problem: StudioProblem | null;
  /** When this studio's stream first went live (local clock); the show's startedAt is preferred when known. */
  liveSince: number | null;
  /** The current peer connection, for getStats (changes on reconnect). */
  peerConnection(): RTCPeerConnection | null;
  replaceTrack(track: MediaStreamTrack): void;
  goLive(stream: MediaStream): Promise<void>;
  endShow(): Promise<void>;
}

const MAX_VIDEO_BITRATE = 2_500_000;

export function useStudioPublisher(brandId: string, showId: string, onEnded: () => void): StudioPublisher {
  const [phase, setPhase] = useState<StudioPhase>('idle');
  const [problem, setProblem] = useState<StudioProblem | null>(null);
  const [liveSince, setLiveSince] = useState<number | null>(null);
  const publisher = useRef<WhipPublisher | null>(null);
  const ended = useRef(onEnded);
  ended.current = onEnded;

  const onState = useCallback((state: PublisherState, error?: WhipPublishError) => {
    if (state === 'live') {
      setPhase('live');
      setProblem(null);
      setLiveSince((since) => since ?? Date.now());
    } else if (state === 'reconnecting') {
      setPhase('reconnecting');
    } else if (state === 'failed') {
      publisher.current = null;
      const next = problemFromPublishError(error);
      setProblem(next);
      setPhase(next.code === 'show-ended' ? 'ended' : 'idle');
      if (next.code === 'show-ended') ended.current();
    }
  }, []);

  const goLive = useCallback(
    async (stream: MediaStream) => {
      if (publisher.current) return;
      setPhase('connecting');
      setProblem(null);
      try {
        const publish = async () => {
          const { token, whipUrl } = await call(showRoutes.studioToken, { params: { brandId, showId } });
          return publishWhip(stream, whipUrl, token, { onStateChange: onState, maxVideoBitrate: MAX_VIDEO_BITRATE });
        };
        // A 401 right away means the token went stale between issue and use (e.g. a secret rotation): once more.
        publisher.current = await publish().catch((error: unknown) => {
          if (error instanceof WhipPublishError && error.status === 401) return publish();
          throw error;
        });
        // The publisher reports 'live' when ICE/DTLS connect; it may already have happened.
        if (publisher.current.state === 'live') onState('live');
      } catch (error) {
        const next = problemFromPublishError(error);
        setProblem(next);
        setPhase(next.code === 'show-ended' ? 'ended' : 'idle');
      }
    },
    [brandId, showId, onState],
  );

  const endShow = useCallback(async () => {
    const current = publisher.current;
    setPhase('ending');
    await current?.stop();
    publisher.current = null;
    setPhase('ended');
    ended.current();
  }, []);

  const replaceTrack = useCallback((track: MediaStreamTrack) => {
    const sender = publisher.current?.peerConnection?.getSenders().find((entry) => entry.track?.kind === track.kind);
    void sender?.replaceTrack(track).catch(() => {});
  }, []);

  // Stable, so a stats sampler keyed on it is not restarted on every render.
  const peerConnection = useCallback(() => publisher.current?.peerConnection ?? null, []);

  // Leaving the studio without "End show" only drops the connection: the server waits a grace period for the host.
  useEffect(
    () => () => {
      publisher.current?.peerConnection?.close();
      publisher.current = null;
    },
    [],
  );

  return {
    phase,
    problem,
    liveSince,
    peerConnection,
    replaceTrack,
    goLive,
    endShow,
  };
}
