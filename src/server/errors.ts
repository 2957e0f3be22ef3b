// One registry of stable error codes; each edge (HTTP, SMTP, jobs) maps them in one place.
export const errorCodes = {
  not_found: { status: 404, smtp: 550 },
  invalid_input: { status: 400, smtp: 501 },
  unauthorized: { status: 401, smtp: 530 },
  forbidden: { status: 403, smtp: 550 },
  csrf_failed: { status: 403, smtp: 550 },
  /** Signed in with a one-time password: nothing but choosing one's own password until then. */
  password_change_required: { status: 403, smtp: 550 },
  conflict: { status: 409, smtp: 451 },
  unknown_recipient: { status: 404, smtp: 550 },
  message_too_large: { status: 413, smtp: 552 },
  rate_limited: { status: 429, smtp: 421 },
  bad_signature: { status: 401, smtp: 535 },
  internal: { status: 500, smtp: 451 },
  /** A stored file a later virus scan found infected: kept, handed to no one. */
  quarantined: { status: 409, smtp: 550 },
  /** A service PayDesk depends on (the virus scanner) is not answering: try again later. */
  unavailable: { status: 503, smtp: 451 },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
  get status(): number {
    return errorCodes[this.code].status;
  }
  get smtpCode(): number {
    return errorCodes[this.code].smtp;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
