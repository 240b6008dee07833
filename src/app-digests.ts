import type { Storage } from "./adapters/storage/storage.js";
import type { Config } from "./config.js";
import { createDigestService, type DigestService } from "./core/digests/digest-service.js";
import { createSubscriptionService, type SubscriptionService } from "./core/digests/subscription-service.js";
import { createConfirmationSender, createPrivacyLinkSender } from "./delivery/email/subscription-mails.js";
import {
  createSubscriberPrivacyService,
  type SubscriberPrivacyService,
} from "./core/digests/subscriber-privacy-service.js";
import type { ComposeDigestMail } from "./core/digests/digest-sender-service.js";
import type { DigestPaperInfo } from "./core/digests/digest-planning-service.js";
import { createLinkTokens, type LinkTokens } from "./core/digests/link-tokens.js";
import type { Mailer } from "./core/mail/ports.js";
import type { TrendingService } from "./core/ranking/trending-service.js";
import { createDigestMailComposer } from "./delivery/email/compose-digest-mail.js";
import { createDigestRenderer, type DigestRenderer } from "./delivery/email/digest-mail.js";
import type { Logger } from "./lib/logger.js";

/** The link key generated on a fresh install (DIGEST_SECRET unset), kept in `auth_secrets`. */
const STORED_LINK_KEY = { id: "db1", secretName: "digest-links" } as const;

export interface AppDigests {
  readonly service: DigestService;
  /** Sign-up, double opt-in, unsubscribe and preferences. */
  readonly subscriptions: SubscriptionService;
  /** Export and erasure of a subscriber's data by emailed link. */
  readonly privacy: SubscriberPrivacyService;
  /** Signs and checks confirm/unsubscribe/manage links; the key may come from the database. */
  linkTokens(): Promise<LinkTokens>;
  /** One delivery → one mail (the sender's composer; previews and --out use it too). */
  readonly compose: ComposeDigestMail;
  /** The digest renderer (compiled on first use, since PUBLIC_URL must be mail-safe). */
  renderer(): DigestRenderer;
}

interface AppDigestDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly trending: TrendingService;
  readonly mailer: Mailer;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** Wires the digest service from configuration: lists, link keys, renderer, composer. */
export function createAppDigests({ config, storage, trending, mailer, logger, now }: AppDigestDeps): AppDigests {
  const settings = config.digests;
  let tokens: Promise<LinkTokens> | null = null;
  const linkTokens = () =>
    (tokens ??= (async () =>
      createLinkTokens(
        settings.linkKeys ?? [
          { id: STORED_LINK_KEY.id, secret: await storage.accounts.secret(STORED_LINK_KEY.secretName) },
        ],
      ))());
  let compiled: DigestRenderer | null = null;
  const renderer = () =>
    (compiled ??= createDigestRenderer({
      publicUrl: config.publicUrl,
      siteName: "Paperboy",
      postalAddress: settings.postalAddress ?? "(postal address not configured: MAIL_POSTAL_ADDRESS)",
    }));
  let compose: ComposeDigestMail | null = null;
  const composer: ComposeDigestMail = (input) =>
    (compose ??= createDigestMailComposer({
      renderer: renderer(),
      linkTokens,
      messageIdDomain: settings.messageIdDomain,
      bounceDomain: settings.bounceDomain,
      feedbackSenderId: settings.feedbackSenderId,
    }))(input);
  const service = createDigestService({
    store: storage.digests,
    mailer,
    composeMail: composer,
    lists: [
      {
        slug: "daily",
        name: "Daily trending papers",
        cadence: { kind: "daily", sendAtMinute: settings.dailySendAtMinute, weekends: settings.dailyWeekends },
      },
      {
        slug: "weekly",
        name: "Weekly trending papers",
        cadence: { kind: "weekly", weekday: settings.weeklyWeekday, sendAtMinute: settings.weeklySendAtMinute },
      },
    ],
    listIdDomain: readListIdDomain(config.publicUrl),
    messageIdDomain: settings.messageIdDomain,
    async rankIssuePapers(list, period, limit) {
      // The trending page's ranking (7-day window) as of the period's last day, for both lists:
      // a 1-day window is empty on quiet days, and papers already sent are dropped per subscriber.
      const ranked = await trending.getTrending({ date: period.covers.to, window: "week", offset: 0, limit });
      return ranked.items.map((item) => item.signals.paperId);
    },
    async loadPapers(ids) {
      const papers = await storage.papers.findPapers(ids);
      return new Map(
        papers.map((p): [string, DigestPaperInfo] => [
          p.id,
          {
            id: p.id,
            title: p.title,
            abstract: p.abstract,
            authors: p.authors,
            categories: p.categories,
            keywords: p.aiKeywords,
            publishedAt: p.publishedAt,
            summary: p.aiSummary ?? p.abstract,
          },
        ]),
      );
    },
    logger,
    now,
  });
  const subscriptions = createSubscriptionService({
    store: storage.digests,
    throttle: storage.accounts.throttle,
    linkTokens,
    emailKey: () => storage.accounts.secret("digest-email-hmac"),
    sendConfirmation: createConfirmationSender({ mailer, links: () => renderer().links, logger }),
    ensureLists: service.ensureLists,
    logger,
    now,
  });
  const privacy = createSubscriberPrivacyService({
    store: storage.digests,
    throttle: storage.accounts.throttle,
    linkTokens,
    emailKey: () => storage.accounts.secret("digest-email-hmac"),
    sendPrivacyLink: createPrivacyLinkSender({ mailer, links: () => renderer().links, logger }),
    logger,
    now,
  });
  return { service, subscriptions, privacy, linkTokens, renderer, compose: composer };
}

/** RFC 2919 wants a domain-like List-Id; a bare host (localhost, an IPv6 address) gets a placeholder. */
function readListIdDomain(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return /^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(host) ? host.toLowerCase() : "localhost.localdomain";
}
