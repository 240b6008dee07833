import { pino } from "pino";

export type Logger = pino.Logger;

/** JSON lines on stdout; `silent` for tests. Cookies and Authorization headers are never logged. */
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
