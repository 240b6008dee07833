import { InvalidPeriodError } from "../../core/listings/listing-period.js";
import { InvalidArxivIdError } from "../../core/papers/arxiv-id.js";

/** A request the site cannot answer because of its URL: shown as a 400 page with the message. */
export class PageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PageInputError";
  }
}

/** The user-facing message of an error caused by the URL, or null for a bug. */
export function describeInputError(error: unknown): string | null {
  if (error instanceof PageInputError || error instanceof InvalidPeriodError || error instanceof InvalidArxivIdError) {
    return error.message;
  }
  return null;
}
