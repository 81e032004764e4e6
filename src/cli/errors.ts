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

/** What the system said, without Node's prefix: `ENOENT: no such file or directory, open 'x'` → that middle part. */
export function systemReason(e: unknown): string | undefined {
  if (!(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code !== 'string') return undefined;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (!/^E[A-Z]+$/.test(code)) return undefined;
  return (/^E[A-Z]+: ([^,]+)/.exec(e.message)?.[1] ?? e.message).trim();
}

/** Run a write the user asked for; a system refusal (missing folder, no permission…) is a usage error. */
export async function userWrite(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    const why = systemReason(e);
    if (why === undefined) throw e;
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
}
