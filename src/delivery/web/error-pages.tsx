import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { App } from "../../app.js";
import { Layout, sendPage } from "./layout.js";

interface ErrorPageProps {
  readonly status: 400 | 404 | 500;
  readonly title: string;
  readonly message: Child;
  readonly children?: Child;
}

/** Every error page offers the way back to the lists. */
function ErrorPage({ status, title, message, children, publicUrl }: ErrorPageProps & { publicUrl: string }) {
  return (
    <Layout meta={{ title }} publicUrl={publicUrl}>
      <section class="error-page" aria-labelledby="error-title">
        <p class="code" aria-hidden="true">
          {status}
        </p>
        <h1 id="error-title">{title}</h1>
        <p>{message}</p>
        {children}
        <ul>
          <li>
            <a href="/">Trending papers</a>
          </li>
          <li>
            <a href="/papers">Latest daily papers</a>
          </li>
          <li>
            <a href="/papers/week">Papers of the week</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

export function sendErrorPage(c: Context, props: ErrorPageProps) {
  const app = c.get("app") as App | undefined;
  return sendPage(c, <ErrorPage {...props} publicUrl={app?.config.publicUrl ?? ""} />, props.status);
}

export function sendBadRequestPage(c: Context, message: string) {
  return sendErrorPage(c, {
    status: 400,
    title: "That address does not look right",
    message,
    children: <p class="muted">Check the link, or start again from one of these pages:</p>,
  });
}

export function sendNotFoundPage(c: Context, message?: Child, children?: Child) {
  return sendErrorPage(c, {
    status: 404,
    title: "Page not found",
    message: message ?? "There is nothing at this address. It may have moved, or the link may be mistyped.",
    children,
  });
}

/** No stack trace or error message: only the request id, which finds the logged error. */
export function sendServerErrorPage(c: Context) {
  const requestId = c.get("requestId") as string | undefined;
  return sendErrorPage(c, {
    status: 500,
    title: "Something went wrong",
    message: "The server hit an unexpected error while building this page. It has been logged; please try again.",
    children: requestId && (
      <p class="muted">
        If you report it, quote request id <code>{requestId}</code>.
      </p>
    ),
  });
}
