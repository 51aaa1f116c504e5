// WHIP publisher for the host studio (browser only, no framework). Publishes a MediaStream to
// POST <url> with the bearer token, reconnects by itself after a network drop, and ends the show
// only when stop() is called (DELETE), because the server treats a vanished publisher as
// "reconnecting" for a grace period.

export type PublisherState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

export class WhipPublishError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'WhipPublishError';
  }
  /** Errors a retry cannot fix: the host must act (new key, show ended, bad device/codec). */
  get fatal(): boolean {
    return this.status === 401 || this.code === 'SHOW_NOT_LIVE_ABLE' || this.status === 400 || this.status === 415;
  }
}

export interface WhipPublisherOptions {
  onStateChange?: (state: PublisherState, error?: WhipPublishError) => void;
  iceServers?: RTCIceServer[];
  /** Upper bound of the reconnect back-off. */
  maxReconnectDelayMs?: number;
  /** Video bitrate cap for the encoder, bits per second. */
  maxVideoBitrate?: number;
  /**
   * Default 'maintain-resolution': Chromium otherwise starts at 360p and steps up to 720p over
   * ~10-20 s, and every resolution switch stalls HLS players once. Quality ramps instead.
   */
  degradationPreference?: RTCDegradationPreference;
}

export interface WhipPublisher {
  readonly state: PublisherState;
  /** The current peer connection (changes on reconnect); use it for getStats. */
  readonly peerConnection: RTCPeerConnection | null;
  stop(): Promise<void>;
}

/**
 * Removes the video-orientation (CVO, urn:3gpp:video-orientation) header extension from an offer. When it is
 * negotiated, a phone held upright sends landscape frames plus a "rotate 90°" flag in each RTP header, and the
 * remux to HLS keeps the frames and drops the flag, so a portrait stream would arrive sideways. Without it the
 * browser rotates the pixels before encoding, and portrait stays portrait through ingest, HLS and replay.
 */
export function withoutVideoOrientation(sdp: string): string {
  return sdp
    .split(/\r\n/)
    .filter((line) => !/^a=extmap:\d+(\/\w+)? urn:3gpp:video-orientation\s*$/.test(line))
    .join('\r\n');
}

/** H.264 constrained baseline, packetization-mode 1 first: what ffmpeg can remux without transcoding. */
export function preferH264(codecs: RTCRtpCodec[]): RTCRtpCodec[] {
  const score = (c: RTCRtpCodec): number => {
    const fmtp = c.sdpFmtpLine ?? '';
    if (c.mimeType.toLowerCase() !== 'video/h264') return c.mimeType.toLowerCase().includes('rtx') ? 3 : 4;
    if (!fmtp.includes('packetization-mode=1')) return 2;
    return fmtp.includes('profile-level-id=42e01f') ? 0 : 1;
  };
  return [...codecs].sort((a, b) => score(a) - score(b));
}

export async function publishWhip(
  stream: MediaStream,
  url: string,
  token: string,
  options: WhipPublisherOptions = {},
): Promise<WhipPublisher> {
  let state: PublisherState = 'connecting';
  let pc: RTCPeerConnection | null = null;
  let sessionUrl: string | null = null;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;

  const setState = (next: PublisherState, error?: WhipPublishError): void => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next, error);
  };

  const connect = async (): Promise<void> => {
    const peer = new RTCPeerConnection({ iceServers: options.iceServers ?? [], bundlePolicy: 'max-bundle' });
    pc = peer;
    for (const track of stream.getTracks()) {
      const transceiver = peer.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      if (track.kind === 'video') {
        const capabilities = RTCRtpSender.getCapabilities('video');
        if (capabilities) transceiver.setCodecPreferences(preferH264(capabilities.codecs));
      }
    }
    peer.addEventListener('connectionstatechange', () => onConnectionState(peer));
    await peer.setLocalDescription(await peer.createOffer());
    await waitForIceGathering(peer, 2000);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` },
      body: withoutVideoOrientation(peer.localDescription!.sdp),
    });
    if (response.status !== 201) {
      peer.close();
      throw await toPublishError(response);
    }
    sessionUrl = new URL(response.headers.get('Location') ?? '', new URL(url, location.href)).toString();
    await peer.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    await tuneVideoSender(peer, options.maxVideoBitrate, options.degradationPreference ?? 'maintain-resolution');
  };

  const onConnectionState = (peer: RTCPeerConnection): void => {
    if (peer !== pc || stopped) return;
    if (peer.connectionState === 'connected') {
      attempt = 0;
      setState('live');
    } else if (peer.connectionState === 'failed' || peer.connectionState === 'closed') {
      scheduleReconnect();
    } else if (peer.connectionState === 'disconnected') {
      // Chromium often recovers from "disconnected" within a couple of seconds by itself.
      setTimeout(() => {
        if (peer === pc && peer.connectionState !== 'connected') scheduleReconnect();
      }, 2500);
    }
  };

  const scheduleReconnect = (): void => {
    if (stopped || retryTimer) return;
    setState('reconnecting');
    pc?.close();
    pc = null;
    const delay = Math.min(500 * 2 ** attempt, options.maxReconnectDelayMs ?? 8000);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch((error: unknown) => {
        if (error instanceof WhipPublishError && error.fatal) {
          stopped = true;
          setState('failed', error);
        } else {
          scheduleReconnect();
        }
      });
    }, delay);
  };

  await connect();
  return {
    get state() {
      return state;
    },
    get peerConnection() {
      return pc;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (sessionUrl) {
        await fetch(sessionUrl, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
      }
      pc?.close();
      pc = null;
      setState('ended');
    },
  };
}

async function toPublishError(response: Response): Promise<WhipPublishError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new WhipPublishError(
    body?.error?.code ?? `HTTP_${response.status}`,
    body?.error?.message ?? response.statusText,
    response.status,
  );
}

function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') done();
    });
  });
}

async function tuneVideoSender(
  pc: RTCPeerConnection,
  maxBitrate: number | undefined,
  degradationPreference: RTCDegradationPreference,
): Promise<void> {
  const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
  if (!sender) return;
  const parameters = sender.getParameters() as RTCRtpSendParameters & {
    degradationPreference?: RTCDegradationPreference;
  };
  parameters.degradationPreference = degradationPreference;
  if (maxBitrate && parameters.encodings?.length) parameters.encodings[0]!.maxBitrate = maxBitrate;
  await sender.setParameters(parameters).catch(() => {});
}
