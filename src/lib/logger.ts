import { pino } from "pino";

export type Logger = pino.Logger;

/** JSON lines on stdout; `silent` for tests. Error objects are logged without their stack in production. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ["req.headers.cookie", "req.headers.authorization"], remove: true },
    },
    destination,
  );
}
