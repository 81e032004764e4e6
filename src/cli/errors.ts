/**
 * The two ways a command ends early: `Exit` with a status, or `UsageError` with a message (status 2).
 */

/** Thrown inside commands to end with an exit status. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A usage or input problem: printed as `vpcsim: message`, exit status 2. */
export class UsageError extends Error {}
