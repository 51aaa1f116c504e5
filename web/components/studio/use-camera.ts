'use client';

// Camera and microphone for the studio: one MediaStream whose tracks are swapped in place when the host picks
// another device, so a live publisher keeps sending (replaceTrack) and a reconnect picks up the current tracks.
import { useCallback, useEffect, useRef, useState } from 'react';
import { problemFromDeviceError, studioProblem, type StudioProblem } from './studio-problems';

export type DeviceKind = 'camera' | 'microphone';
/** Portrait (9:16) is what phone viewers see full screen; landscape (16:9) suits a desk set-up or a laptop. */
export type Orientation = 'portrait' | 'landscape';
export type Facing = 'user' | 'environment';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface Camera {
  /** The stream the preview shows and the publisher sends; null until the first track exists. */
  stream: MediaStream | null;
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  cameraId: string | null;
  microphoneId: string | null;
  /** Changes whenever a track is replaced (the level meter and preview re-attach). */
  version: number;
  starting: boolean;
  problem: StudioProblem | null;
  start(): Promise<void>;
  choose(kind: DeviceKind, deviceId: string): Promise<void>;
  orientation: Orientation;
  facing: Facing;
  /** Picture shape for the next stream (the track is re-shaped in place; not offered while on air). */
  setOrientation(orientation: Orientation): Promise<void>;
  /** Front <-> back camera: a new track that a live publisher swaps in with replaceTrack (no renegotiation). */
  flip(): Promise<void>;
  /** Called with the new track after a switch, so a live publisher can replace its sender's track. */
  onTrackReplaced: React.RefObject<((track: MediaStreamTrack) => void) | null>;
}

/** 720x1280 or 1280x720; browsers crop and scale a camera's native landscape picture to fit (resizeMode). */
export function shapeConstraints(orientation: Orientation): MediaTrackConstraints {
  const portrait = orientation === 'portrait';
  return {
    width: { ideal: portrait ? 720 : 1280 },
    height: { ideal: portrait ? 1280 : 720 },
    aspectRatio: { ideal: portrait ? 9 / 16 : 16 / 9 },
    frameRate: { ideal: 30 },
  };
}
const audioConstraints: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

interface CameraChoice {
  deviceId: string | null;
  orientation: Orientation;
  facing: Facing;
}
// A device id wins over the facing mode (the host picked that camera in the list).
const constraintsFor = (kind: DeviceKind, deviceId: string | null, shape?: CameraChoice): MediaStreamConstraints =>
  kind === 'camera'
    ? {
        video: {
          ...shapeConstraints(shape?.orientation ?? 'landscape'),
          ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: shape?.facing ?? 'user' } }),
        },
      }
    : { audio: { ...audioConstraints, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } };

/** Phones (narrow, touch) start in portrait; laptops and desktops in landscape. */
function defaultOrientation(): Orientation {
  if (typeof window === 'undefined' || !window.matchMedia) return 'landscape';
  return window.matchMedia('(max-width: 600px), (pointer: coarse) and (orientation: portrait)').matches
    ? 'portrait'
    : 'landscape';
}

export function useCamera(): Camera {
  const streamRef = useRef<MediaStream | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [cameras, setCameras] = useState<DeviceOption[]>([]);
  const [microphones, setMicrophones] = useState<DeviceOption[]>([]);
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [microphoneId, setMicrophoneId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [starting, setStarting] = useState(true);
  const [problem, setProblem] = useState<StudioProblem | null>(null);
  const [orientation, setOrientationState] = useState<Orientation>(defaultOrientation);
  const [facing, setFacing] = useState<Facing>('user');
  const shape = useRef<CameraChoice>({ deviceId: null, orientation, facing });
  const onTrackReplaced = useRef<((track: MediaStreamTrack) => void) | null>(null);
  // False after unmount: a getUserMedia answer arriving late must not leave the camera on.
  const mounted = useRef(true);

  const listDevices = useCallback(async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind: MediaDeviceKind, fallback: string) =>
      devices
        .filter((device) => device.kind === kind && device.deviceId)
        .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `${fallback} ${index + 1}` }));
    setCameras(pick('videoinput', 'Camera'));
    setMicrophones(pick('audioinput', 'Microphone'));
  }, []);

  const install = useCallback((kind: DeviceKind, track: MediaStreamTrack) => {
    if (!mounted.current) {
      track.stop();
      return;
    }
    const target = streamRef.current ?? new MediaStream();
    streamRef.current = target;
    for (const old of kind === 'camera' ? target.getVideoTracks() : target.getAudioTracks()) {
      old.stop();
      target.removeTrack(old);
    }
    target.addTrack(track);
    track.addEventListener('ended', () => {
      // Unplugged or revoked while in use (a track we stopped ourselves is no longer in the stream).
      if (streamRef.current?.getTracks().includes(track)) setProblem(studioProblem('device-lost'));
    });
    const id = track.getSettings().deviceId ?? null;
    const facingMode = track.getSettings().facingMode;
    if (kind === 'camera' && (facingMode === 'user' || facingMode === 'environment')) setFacing(facingMode);
    if (kind === 'camera') setCameraId(id);
    else setMicrophoneId(id);
    setStream(target);
    setVersion((value) => value + 1);
    onTrackReplaced.current?.(track);
  }, []);

  const start = useCallback(async () => {
    setStarting(true);
    setProblem(null);
    try {
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem(studioProblem('insecure-context'));
        return;
      }
      // One request for both, so the browser asks once.
      const both = await navigator.mediaDevices
        .getUserMedia({ ...constraintsFor('camera', null, shape.current), ...constraintsFor('microphone', null) })
        .catch(async (error: unknown) => {
          if (!(error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
          return null; // one of the two is missing: find out which below
        });
      if (both) {
        for (const track of both.getTracks()) install(track.kind === 'video' ? 'camera' : 'microphone', track);
      } else {
        const video = await navigator.mediaDevices
          .getUserMedia(constraintsFor('camera', null, shape.current))
          .catch((error: unknown) => {
            setProblem(problemFromDeviceError(error, 'camera'));
            return null;
          });
        video?.getTracks().forEach((track) => install('camera', track));
        const audio = await navigator.mediaDevices
          .getUserMedia(constraintsFor('microphone', null))
          .catch((error: unknown) => {
            if (video) setProblem(problemFromDeviceError(error, 'microphone'));
            return null;
          });
        audio?.getTracks().forEach((track) => install('microphone', track));
      }
      await listDevices();
    } catch (error) {
      setProblem(problemFromDeviceError(error, 'both'));
    } finally {
      setStarting(false);
    }
  }, [install, listDevices]);

  const choose = useCallback(
    async (kind: DeviceKind, deviceId: string) => {
      setProblem(null);
      try {
        const media = await openTrack(kind, constraintsFor(kind, deviceId, shape.current), streamRef.current);
        const track = kind === 'camera' ? media.getVideoTracks()[0] : media.getAudioTracks()[0];
        if (track) install(kind, track);
      } catch (error) {
        setProblem(problemFromDeviceError(error, kind));
      }
    },
    [install],
  );

  const flip = useCallback(async () => {
    const next: Facing = shape.current.facing === 'user' ? 'environment' : 'user';
    shape.current = { ...shape.current, facing: next, deviceId: null };
    setFacing(next);
    setProblem(null);
    try {
      const media = await openTrack('camera', constraintsFor('camera', null, shape.current), streamRef.current);
      const track = media.getVideoTracks()[0];
      if (track) install('camera', track);
    } catch (error) {
      setProblem(problemFromDeviceError(error, 'camera'));
    }
  }, [install]);

  const setOrientation = useCallback(async (next: Orientation) => {
    shape.current = { ...shape.current, orientation: next };
    setOrientationState(next);
    // Same track, new shape: the preview and (if ever live) the sender follow without a new track.
    const track = streamRef.current?.getVideoTracks()[0];
    await track?.applyConstraints({ ...track.getConstraints(), ...shapeConstraints(next) }).catch(() => {});
    setVersion((value) => value + 1);
  }, []);

  useEffect(() => {
    mounted.current = true;
    void start();
    const onChange = () => void listDevices().catch(() => {});
    navigator.mediaDevices?.addEventListener('devicechange', onChange);
    return () => {
      mounted.current = false;
      navigator.mediaDevices?.removeEventListener('devicechange', onChange);
      streamRef.current?.getTracks().forEach((track) => track.stop());
      streamRef.current = null;
    };
  }, [start, listDevices]);

  return {
    stream,
    cameras,
    microphones,
    cameraId,
    microphoneId,
    version,
    starting,
    problem,
    start,
    choose,
    orientation,
    facing,
    setOrientation,
    flip,
    onTrackReplaced,
  };
}

/**
 * Many phones cannot open a second camera while one is in use: if asking with the current one still open fails
 * that way, release it and ask again (the install step then replaces it as usual).
 */
async function openTrack(
  kind: DeviceKind,
  constraints: MediaStreamConstraints,
  current: MediaStream | null,
): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    const busy = error instanceof DOMException && (error.name === 'NotReadableError' || error.name === 'AbortError');
    const old = kind === 'camera' ? current?.getVideoTracks() : current?.getAudioTracks();
    if (!busy || !old?.length) throw error;
    old.forEach((track) => track.stop());
    return navigator.mediaDevices.getUserMedia(constraints);
  }
}
