/** The performance goals the bench checks; each figure is printed with PASS or FAIL beside it. */

/** Paperboy's import speed as a share of the raw insert loop's, on the same file and machine. */
export const IMPORT_MIN_SHARE_OF_RAW = 0.5;
export const IMPORT_MIN_PAPERS_PER_S = 20_000;
/** Page and list routes: requests/s as a share of the hello-world route's on the same server. */
export const ROUTE_MIN_SHARE_OF_HELLO = 0.25;
export const ROUTE_MAX_P99_MS = 50;
/** From spawning `serve` on an empty data dir to the first page. */
export const FRESH_START_MAX_S = 30;

export function verdict(passed: boolean): string {
  return passed ? "PASS" : "FAIL";
}
