// One error type for the whole server. Each code maps to an HTTP status here; the Record type makes a new code
// without a status fail to compile. Realtime acks use the same codes.
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  // The path cannot be read (a malformed percent-encoding) or names a control character.
  BAD_PATH: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  // A mutation sent by a page on another site (the Origin header).
  CROSS_ORIGIN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  SHOW_NOT_EDITABLE: 409,
  SOLD_OUT: 409,
  PURCHASE_LIMIT: 409,
  SALE_NOT_ACTIVE: 409,
  HOLD_EXPIRED: 409,
  ORDER_NOT_PAYABLE: 409,
  PAYMENT_DECLINED: 402,
  // The payment provider is unreachable or failing on its side; nothing was charged, the hold stands: retry.
  PAYMENT_PROVIDER_UNAVAILABLE: 503,
  WEBHOOK_SIGNATURE_INVALID: 400,
  CHAT_CLOSED: 409,
  PIN_LIMIT: 409,
  MUTED: 403,
  BANNED: 403,
  MESSAGE_BLOCKED: 422,
  SLOW_MODE: 429,
  PAYLOAD_TOO_LARGE: 413,
  // An image whose header claims more pixels than the server decodes (a decompression bomb).
  IMAGE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // Too many wrong passwords for one email, from any address: password sign-in waits for the window to pass.
  SIGN_IN_LOCKED: 429,
  // Appointments (server/appointments): the time was taken by someone else, is not one of the schedule's slots, or the
  // customer already has as many upcoming appointments as a brand allows.
  SLOT_TAKEN: 409,
  SLOT_UNAVAILABLE: 422,
  APPOINTMENT_LIMIT: 409,
  APPOINTMENT_NOT_ACTIVE: 409,
  // Personal offers (server/offers), refused by checkout.
  OFFER_NOT_FOUND: 404,
  OFFER_EXPIRED: 410,
  OFFER_USED_UP: 409,
  OFFER_NOT_YOURS: 403,
  OFFER_NOT_APPLICABLE: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    // A refusal (4xx) is an answer to the client, never logged with a stack: capturing one for each of a crowd's
    // refused requests (a thousand "taken" holds at once) was a visible share of the server's time.
    const stackFrames = Error.stackTraceLimit;
    if (errorStatus[code] < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackFrames;
    this.code = code;
    if (fields !== undefined) this.fields = fields;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): { error: { code: ErrorCode; message: string; fields?: Record<string, string> } } {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'you do not have access to this') => new AppError('FORBIDDEN', message);
