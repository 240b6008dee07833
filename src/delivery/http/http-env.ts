import type { App } from "../../app.js";

/** Per-request values shared by middleware and routes. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    app: App;
  };
}
