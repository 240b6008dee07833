/** Where a command writes: the process's streams, unless a test or a job captures them. */
export interface CommandOutput {
  readonly out: { write(text: string): unknown };
  readonly err: NodeJS.WriteStream;
}

export const PROCESS_OUTPUT: CommandOutput = { out: process.stdout, err: process.stderr };

/** A file an import could not read, in words (no stack trace). */
export function describeFileError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return `the gzip stream is corrupt or truncated (${error.message}); the lines before the damage were imported`;
  }
}
