import { describe, expect, it } from 'vitest';
import { WhipPublishError } from '../../../media/browser/whip-publisher';
import { ApiError } from '../../api/api-client';
import { problemFromDeviceError, problemFromPublishError } from './studio-problems';

describe('studio problems', () => {
  it('turns WHIP answers into something the host can act on', () => {
    expect(problemFromPublishError(new WhipPublishError('UNAUTHORIZED', 'invalid stream key', 401)).code).toBe(
      'key-rotated',
    );
    expect(problemFromPublishError(new WhipPublishError('SHOW_ALREADY_LIVE', 'another publisher', 409)).code).toBe(
      'already-live',
    );
    expect(problemFromPublishError(new WhipPublishError('SHOW_NOT_LIVE_ABLE', 'ended', 409)).code).toBe('show-ended');
    expect(problemFromPublishError(new WhipPublishError('MEDIA_UNAVAILABLE', 'shutting down', 503)).code).toBe(
      'network',
    );
    expect(problemFromPublishError(new TypeError('Failed to fetch')).code).toBe('network');
  });

  it('maps studio-token refusals', () => {
    expect(problemFromPublishError(new ApiError(403, 'FORBIDDEN', 'only the assigned host')).code).toBe(
      'not-your-show',
    );
    expect(problemFromPublishError(new ApiError(0, 'NETWORK', 'offline')).code).toBe('network');
  });

  it('maps getUserMedia failures by DOMException name', () => {
    expect(problemFromDeviceError(new DOMException('denied', 'NotAllowedError'), 'both').code).toBe('camera-denied');
    expect(problemFromDeviceError(new DOMException('none', 'NotFoundError'), 'camera').code).toBe('no-camera');
    expect(problemFromDeviceError(new DOMException('none', 'NotFoundError'), 'microphone').code).toBe('no-microphone');
    expect(problemFromDeviceError(new DOMException('busy', 'NotReadableError'), 'camera').code).toBe('device-busy');
    const unknown = problemFromDeviceError(new Error('weird'), 'both');
    expect(unknown.code).toBe('unknown');
    expect(unknown.hint).toContain('weird');
  });
});
