// One error type for the media HTTP surface; codes are stable and part of the API.
export const mediaErrorCodes = [
  'UNAUTHORIZED',
  'SHOW_ALREADY_LIVE',
  'SHOW_NOT_LIVE_ABLE',
  'INVALID_SDP',
  'UNSUPPORTED_MEDIA_TYPE',
  'SESSION_NOT_FOUND',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'MEDIA_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
] as const;

export type MediaErrorCode = (typeof mediaErrorCodes)[number];

export const mediaErrorStatus = {
  UNAUTHORIZED: 401,
  SHOW_ALREADY_LIVE: 409,
  SHOW_NOT_LIVE_ABLE: 409,
  INVALID_SDP: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SESSION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  MEDIA_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
} satisfies Record<MediaErrorCode, number>;

export class MediaError extends Error {
  readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string) {
    super(message);
    this.name = 'MediaError';
    this.code = code;
  }

  get status(): number {
    return mediaErrorStatus[this.code];
  }

  toBody(): { error: { code: MediaErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
