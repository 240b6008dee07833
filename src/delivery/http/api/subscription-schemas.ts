import { z } from "@hono/zod-openapi";
import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import { MAX_TOPICS } from "../../../core/digests/subscription-service.js";

/** An arXiv archive ("cs") or category ("cs.LG", "hep-th"). */
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;
const TOPIC_MAX_CHARS = 100;
/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254 characters. */
const EMAIL_MAX_CHARS = 254;

const topicText = z.string().trim().min(1).max(TOPIC_MAX_CHARS);

export const SubscriptionTopicsSchema = z
  .object({
    categories: z
      .array(z.string().trim().regex(CATEGORY, "an arXiv category such as cs.LG, or an archive such as cs"))
      .max(MAX_TOPICS)
      .default([]),
    keywords: z.array(topicText).max(MAX_TOPICS).default([]),
    authors: z.array(topicText).max(MAX_TOPICS).default([]),
  })
  .openapi("SubscriptionTopics", {
    description: "Optional: papers matching any of these are added to the trending ones.",
    example: { categories: ["cs.LG"], keywords: ["diffusion"], authors: ["Yoshua Bengio"] },
  });

export const SubscriptionRequestSchema = z
  .object({
    email: z.email("a valid email address").max(EMAIL_MAX_CHARS),
    frequency: z.enum(["daily", "weekly"]).default("daily"),
    topics: SubscriptionTopicsSchema.default({ categories: [], keywords: [], authors: [] }),
  })
  .openapi("SubscriptionRequest");

export const SubscriptionAcceptedSchema = z
  .object({ status: z.literal("accepted"), message: z.string() })
  .openapi("SubscriptionAccepted");

/** The form's fields: topics as comma-separated text (authors separated by semicolons). */
export const SubscribeFormSchema = z.object({
  email: z.email("Enter a valid email address.").max(EMAIL_MAX_CHARS),
  frequency: z.enum(["daily", "weekly"], { error: "Choose daily or weekly." }).default("daily"),
  categories: z.string().max(2_000).default(""),
  keywords: z.string().max(2_000).default(""),
  authors: z.string().max(2_000).default(""),
});

/** The topics of a form, validated like the API's. */
export function readFormTopics(form: { categories: string; keywords: string; authors: string }) {
  const split = (text: string, separator: RegExp) =>
    text
      .split(separator)
      .map((part) => part.trim())
      .filter((part) => part !== "");
  return SubscriptionTopicsSchema.safeParse({
    categories: split(form.categories, /[,\s]+/),
    keywords: split(form.keywords, /,/),
    authors: split(form.authors, /;/),
  });
}

export function toDigestTopics(topics: z.output<typeof SubscriptionTopicsSchema>): DigestTopic[] {
  return [
    ...topics.categories.map((value) => ({ kind: "category" as const, value })),
    ...topics.keywords.map((value) => ({ kind: "keyword" as const, value })),
    ...topics.authors.map((value) => ({ kind: "author" as const, value })),
  ];
}
