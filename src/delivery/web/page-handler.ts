import type { Context, Handler } from "hono";
import type { HttpEnv } from "../http/http-env.js";
import { sendBadRequestPage } from "./error-pages.js";
import { describeInputError } from "./page-input-error.js";

/**
 * Wraps a page route so a bad URL (a malformed date, id or query parameter) answers 400
 * with the reason, while anything else still reaches the server's 500 handler.
 */
export function pageHandler(handle: (c: Context<HttpEnv>) => Promise<Response>): Handler<HttpEnv> {
  return async (c) => {
    try {
      return await handle(c);
    } catch (error) {
      const message = describeInputError(error);
      if (message === null) throw error;
      return sendBadRequestPage(c, message);
    }
  };
}
