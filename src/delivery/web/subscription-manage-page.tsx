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
                <input type="hidden" name="action" value="unsubscribe" />
                <button type="submit">Unsubscribe from {record.listName}</button>
              </form>
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}
