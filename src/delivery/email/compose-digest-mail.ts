import type { ComposeDigestMail } from "../../core/digests/digest-sender-service.js";
import { describeDigestTopic } from "../../core/digests/digest-topics.js";
import type { LinkTokens } from "../../core/digests/link-tokens.js";
import { buildDigestEnvelope } from "./digest-headers.js";
import type { DigestRenderer } from "./digest-mail.js";

export interface DigestComposerOptions {
  /** Compiled once at startup (juice runs there, not per message). */
  readonly renderer: DigestRenderer;
  /** Resolved on first use: the key may come from the database. */
  readonly linkTokens: () => Promise<LinkTokens>;
  readonly messageIdDomain: string;
  /** VERP domain; null sends with the From address as envelope sender. */
  readonly bounceDomain: string | null;
  readonly feedbackSenderId: string;
}

/**
 * One delivery → one mail: both parts from the renderer, the list headers, the delivery's
 * stable Message-ID and its VERP return path. The "why" line names the topics that picked papers.
 */
export function createDigestMailComposer(options: DigestComposerOptions): ComposeDigestMail {
  return async ({ list, issue, delivery, papers, now }) => {
    const tokens = await options.linkTokens();
    const topicLabels = [
      ...new Set(delivery.selection.flatMap((s) => s.matchedTopics.map((topic) => describeDigestTopic(topic)))),
    ];
    const mail = options.renderer.render({
      list,
      periodKey: issue.periodKey,
      papers: delivery.selection.flatMap((selected) => {
        const paper = papers.get(selected.paperId);
        return paper === undefined ? [] : [{ ...paper, section: selected.section }];
      }),
      topicLabels,
      unsubscribeToken: tokens.sign(
        { purpose: "unsubscribe", subject: delivery.subscriptionPublicId, list: list.slug },
        now,
      ),
      manageToken: tokens.sign({ purpose: "manage", subject: delivery.subscriberPublicId }, now),
    });
    const envelope = buildDigestEnvelope({
      deliveryId: delivery.publicId,
      unsubscribeUrl: mail.unsubscribeUrl,
      list: { slug: list.slug, name: list.name, listId: list.listIdHeader },
      periodKey: issue.periodKey,
      messageIdDomain: options.messageIdDomain,
      bounceDomain: options.bounceDomain ?? options.messageIdDomain,
      senderId: options.feedbackSenderId,
    });
    return {
      to: delivery.toEmail,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: envelope.headers,
      // The outbox's id, the same on every retry.
      messageId: delivery.messageId,
      ...(options.bounceDomain === null ? {} : { envelopeFrom: envelope.envelopeFrom }),
    };
  };
}
