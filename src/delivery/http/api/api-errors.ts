import { InvalidPeriodError, type ListingPeriod, parsePeriod } from "../../../core/listings/listing-period.js";
import { InvalidArxivIdError, parseArxivId } from "../../../core/papers/arxiv-id.js";

/** A client error carrying its status, answered as `{ error }` JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export function parsePaperIdOrThrow(raw: string): string {
  try {
    return parseArxivId(raw).id;
  } catch (error) {
    if (error instanceof InvalidArxivIdError) throw new ApiError(400, error.message);
    throw error;
  }
}

export function parsePeriodOrThrow(kind: "date" | "week" | "month", key: string): ListingPeriod {
  try {
    return parsePeriod(kind, key);
  } catch (error) {
    if (error instanceof InvalidPeriodError) throw new ApiError(400, error.message);
    throw error;
  }
}
