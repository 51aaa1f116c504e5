// Everything that can stop a host from going live, as a message that says what to do about it.
import { WhipPublishError } from '../../../media/browser/whip-publisher';
import { ApiError } from '../../api/api-client';

export type StudioProblemCode =
  | 'camera-denied'
  | 'no-camera'
  | 'no-microphone'
  | 'device-busy'
  | 'device-lost'
  | 'insecure-context'
  | 'not-your-show'
  | 'key-rotated'
  | 'already-live'
  | 'show-ended'
  | 'network'
  | 'unknown';

export interface StudioProblem {
  code: StudioProblemCode;
  title: string;
  hint: string;
}

const problems: Record<StudioProblemCode, Omit<StudioProblem, 'code'>> = {
  'camera-denied': {
    title: 'Camera and microphone are blocked',
    hint: 'Allow camera and microphone for this site (the camera icon in the address bar, or your browser’s site settings), then press “Try again”.',
  },
  'no-camera': {
    title: 'No camera found',
    hint: 'Connect a camera (or close the app that hides it), then press “Try again”.',
  },
  'no-microphone': {
    title: 'No microphone found',
    hint: 'You can go live without sound, but viewers will not hear you. Connect a microphone and press “Try again”.',
  },
  'device-busy': {
    title: 'The camera or microphone is in use',
    hint: 'Another app or tab is using it. Close it (video calls, other studios), then press “Try again”.',
  },
  'device-lost': {
    title: 'Your camera or microphone stopped',
    hint: 'It was unplugged or switched off. Pick another device below, or plug it back in and press “Try again”.',
  },
  'insecure-context': {
    title: 'The studio needs a secure connection',
    hint: 'Browsers only share the camera with pages on https:// (or localhost). Open the studio through the https address.',
  },
  'not-your-show': {
    title: 'You are not this show’s host',
    hint: 'Only the host assigned to the show or a brand admin can go live. Ask a brand admin to assign you.',
  },
  'key-rotated': {
    title: 'The stream access was refused',
    hint: 'The show’s key was rotated or your access changed. Press “Go live” again to get fresh access; if it keeps failing, sign out and in again.',
  },
  'already-live': {
    title: 'This show is already live from somewhere else',
    hint: 'Another studio tab or an encoder such as OBS is streaming to this show. Stop it there, then press “Go live” again.',
  },
  'show-ended': {
    title: 'This show has ended',
    hint: 'An ended or cancelled show cannot go live again. Ask a brand admin to schedule a new show.',
  },
  network: {
    title: 'Could not reach the live server',
    hint: 'Check your internet connection, then press “Go live” again.',
  },
  unknown: {
    title: 'Something went wrong while going live',
    hint: 'Press “Go live” to try again. If it keeps happening, reload the studio.',
  },
};

export function studioProblem(code: StudioProblemCode, detail?: string): StudioProblem {
  const known = problems[code];
  return { code, title: known.title, hint: detail && code === 'unknown' ? `${known.hint} (${detail})` : known.hint };
}

/** getUserMedia failures (DOMException names from the Media Capture spec). */
export function problemFromDeviceError(error: unknown, kind: 'camera' | 'microphone' | 'both'): StudioProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return studioProblem('camera-denied');
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return studioProblem(kind === 'microphone' ? 'no-microphone' : 'no-camera');
  if (name === 'NotReadableError' || name === 'AbortError') return studioProblem('device-busy');
  return studioProblem('unknown', error instanceof Error ? error.message : undefined);
}

/** Studio-token request and WHIP publish failures. */
export function problemFromPublishError(error: unknown): StudioProblem {
  if (error instanceof WhipPublishError) {
    if (error.status === 401) return studioProblem('key-rotated');
    if (error.code === 'SHOW_NOT_LIVE_ABLE') return studioProblem('show-ended');
    if (error.status === 409) return studioProblem('already-live');
    if (error.status === 503) return studioProblem('network');
    return studioProblem('unknown', error.message);
  }
  if (error instanceof ApiError) {
    if (error.status === 0) return studioProblem('network');
    if (error.status === 403) return studioProblem('not-your-show');
    if (error.status === 404) return studioProblem('show-ended');
    if (error.status === 401) return studioProblem('key-rotated');
    return studioProblem('unknown', error.message);
  }
  // fetch() rejects with a TypeError when the network is down.
  if (error instanceof TypeError) return studioProblem('network');
  return studioProblem('unknown', error instanceof Error ? error.message : undefined);
}
