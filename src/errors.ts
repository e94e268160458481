/**
 * Errors a user may see. Anything that is not a UserFacingError is an internal failure: logged, and answered with a
 * generic line. `code` is stable (tests and translations key on it); `params` fill the localized template.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'STALE_COMMANDS'
  | 'UNKNOWN_AREA'
  | 'QUESTION_TOO_LONG'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'NOT_OWNER'
  | 'EXPIRED'
  | 'FORBIDDEN'
  | 'ENGINE_UNAVAILABLE'
  | 'DEPLOY_CONFIG_MISSING'
  | 'DISCORD_UNAUTHORIZED'
  | 'INTERNAL';

export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
