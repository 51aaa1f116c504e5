'use client';

// Camera and microphone for the studio: one MediaStream whose tracks are swapped in place when the host picks
// another device, so a live publisher keeps sending (replaceTrack) and a reconnect picks up the current tracks.
import { useCallback, useEffect, useRef, useState } from 'react';
import { problemFromDeviceError, studioProblem, type StudioProblem } from './studio-problems';

export type DeviceKind = 'camera' | 'microphone';

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
  /** Called with the new track after a switch, so a live publisher can replace its sender's track. */
  onTrackReplaced: React.RefObject<((track: MediaStreamTrack) => void) | null>;
}

const videoConstraints: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
const audioConstraints: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

const constraintsFor = (kind: DeviceKind, deviceId: string | null): MediaStreamConstraints =>
  kind === 'camera'
    ? { video: { ...videoConstraints, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } }
    : { audio: { ...audioConstraints, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } };

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
    const target = (streamRef.current ??= new MediaStream());
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
        .getUserMedia({ ...constraintsFor('camera', null), ...constraintsFor('microphone', null) })
        .catch(async (error: unknown) => {
          if (!(error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
          return null; // one of the two is missing: find out which below
        });
      if (both) {
        for (const track of both.getTracks()) install(track.kind === 'video' ? 'camera' : 'microphone', track);
      } else {
        const video = await navigator.mediaDevices.getUserMedia(constraintsFor('camera', null)).catch((error: unknown) => {
          setProblem(problemFromDeviceError(error, 'camera'));
          return null;
        });
        video?.getTracks().forEach((track) => install('camera', track));
        const audio = await navigator.mediaDevices.getUserMedia(constraintsFor('microphone', null)).catch((error: unknown) => {
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
        const media = await navigator.mediaDevices.getUserMedia(constraintsFor(kind, deviceId));
        const track = kind === 'camera' ? media.getVideoTracks()[0] : media.getAudioTracks()[0];
        if (track) install(kind, track);
      } catch (error) {
        setProblem(problemFromDeviceError(error, kind));
      }
    },
    [install],
  );

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

  return { stream, cameras, microphones, cameraId, microphoneId, version, starting, problem, start, choose, onTrackReplaced };
}
