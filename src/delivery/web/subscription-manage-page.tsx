import type { Context } from "hono";
import type { DigestTopic } from "../../core/digests/digest-topics.js";
import type { SubscriptionRecord } from "../../core/digests/subscription-ports.js";
import type { HttpEnv } from "../http/http-env.js";
import { CsrfField } from "./account-forms.js";

const STATUS_WORDS: Record<SubscriptionRecord["status"], string> = {
  pending: "waiting for confirmation",
  confirmed: "active",
  unsubscribed: "unsubscribed",
  bounced: "stopped: mail to this address bounced",
  complained: "stopped: marked as spam",
};

function topicText(topics: readonly DigestTopic[], kind: DigestTopic["kind"], separator: string): string {
  return topics
    .filter((t) => t.kind === kind)
    .map((t) => t.value)
    .join(separator);
}

/** Every subscription of the subscriber a manage link names: topics to edit, unsubscribe. */
export function ManagePage({
  c,
  records,
  saved,
  token,
}: {
  c: Context<HttpEnv>;
  records: SubscriptionRecord[];
  saved?: boolean;
  /** The manage token, for the preview links. */
  token: string;
}) {
  const csrf = c.get("csrf").token();
  return (
    <>
      <h1>Your subscriptions</h1>
      {saved ? <p role="status">Saved.</p> : null}
      {records.map((record) => (
        <section class="subscription">
          <h2>{record.listName}</h2>
          <p>Status: {STATUS_WORDS[record.status]}</p>
          <p>
            <a href={`/subscriptions/manage/${token}/preview/${record.subscriptionPublicId}`}>
              Preview your next digest
            </a>
          </p>
          {record.status === "confirmed" || record.status === "pending" ? (
            <>
              <form method="post">
                <CsrfField token={csrf} />
                <input type="hidden" name="subscription" value={record.subscriptionPublicId} />
                <input type="hidden" name="action" value="topics" />
                <label>
                  arXiv categories <input name="categories" value={topicText(record.topics, "category", ", ")} />
                </label>
                <label>
                  Keywords <input name="keywords" value={topicText(record.topics, "keyword", ", ")} />
                </label>
                <label>
                  Authors <input name="authors" value={topicText(record.topics, "author", "; ")} />
                </label>
                <button type="submit">Save topics</button>
              </form>
              <form method="post">
                <CsrfField token={csrf} />
                <input type="hidden" name="subscription" value={record.subscriptionPublicId} />
                <input type="hidden" name="action" value="frequency" />
                <label>
                  Frequency{" "}
                  <select name="frequency">
                    <option value="daily" selected={record.listSlug === "daily"}>
                      daily
                    </option>
                    <option value="weekly" selected={record.listSlug === "weekly"}>
                      weekly
                    </option>
                  </select>
                </label>
                <button type="submit">Change frequency</button>
              </form>
              <form method="post">
                <CsrfField token={csrf} />
                <input type="hidden" name="subscription" value={record.subscriptionPublicId} />
                <input type="hidden" name="action" value="unsubscribe" />
                <button type="submit">Unsubscribe from {record.listName}</button>
              </form>
            </>
          ) : null}
        </section>
      ))}
      <section class="subscription-data">
        <h2>Your data</h2>
        <p>We mail you a link (valid for 1 hour) to download everything we hold about you, or to erase it.</p>
        {(["export", "erase"] as const).map((action) => (
          <form method="post" action={`/subscriptions/manage/${token}/privacy`}>
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value={action} />
            <button type="submit">{action === "export" ? "Email me my data" : "Erase my data"}</button>
          </form>
        ))}
      </section>
    </>
  );
}
