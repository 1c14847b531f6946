/**
 * A problem with what the user gave the host (a file that does not exist, a file type not supported yet, a
 * spec that is not valid JSON, a command-line mistake). Like the core's LongitudeError, its message is one
 * line in plain words that says what to change; the CLI prints it as `error: <message>` and exits with 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Turns a failed file-system call into an InputError naming the file, or rethrows anything else. */
export function fileError(e: unknown, what: string, path: string): never {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") throw new InputError(`${what} "${path}" not found`);
  if (code === "EISDIR") throw new InputError(`${what} "${path}" is a directory, not a file`);
  if (code === "EACCES" || code === "EPERM") throw new InputError(`${what} "${path}" cannot be read (permission denied)`);
  throw e;
}
