import { parseDay } from "../../lib/dates.js";
import { createDigestLinks, type DigestLinks } from "./digest-links.js";
import { compileDigestTemplates, type DigestTemplates } from "./digest-template.js";
import { renderDigestText } from "./digest-text.js";
import { joinHtml, type SafeHtml } from "./email-html.js";

/** One paper as the mail shows it. */
export interface DigestMailPaper {
  readonly id: string;
  readonly title: string;
  readonly authors: readonly string[];
  /** The abstract or the AI summary; cut to SUMMARY_MAX_CHARS here. */
  readonly summary: string;
  readonly categories: readonly string[];
  readonly section: "trending" | "topic";
}

/** Everything one subscriber's digest shows: built by the digest service from the frozen issue. */
export interface DigestMailData {
  readonly list: { readonly slug: string; readonly name: string };
  /** `2026-11-26` for a daily issue, `2026-W48` for a weekly one. */
  readonly periodKey: string;
  readonly papers: readonly DigestMailPaper[];
  /** How the subscriber's topics read ("cs.LG", "“diffusion”"); empty for no topics. */
  readonly topicLabels: readonly string[];
  readonly unsubscribeToken: string;
  readonly manageToken: string;
}

export interface RenderedDigest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly unsubscribeUrl: string;
}

export interface DigestRendererOptions {
  /** PUBLIC_URL: absolute, https (http only on loopback). */
  readonly publicUrl: string;
  readonly siteName: string;
  /** The operator's postal address, shown in every digest (CAN-SPAM 15 U.S.C. 7704(a)(5)). */
  readonly postalAddress: string;
}

export interface DigestRenderer {
  readonly links: DigestLinks;
  render(data: DigestMailData): RenderedDigest;
}

/** Summaries are cut here (characters) to keep a 10-paper digest near 7 KB. */
export const SUMMARY_MAX_CHARS = 320;
/** Authors listed before "et al.". */
const AUTHORS_SHOWN = 3;

const DAY_LABEL = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "short",
});

/** Compiles the templates (juice runs here, once) and returns a renderer for every message. */
export function createDigestRenderer(options: DigestRendererOptions): DigestRenderer {
  const templates = compileDigestTemplates();
  const links = createDigestLinks(options.publicUrl);
  return { links, render: (data) => renderDigest(templates, links, options, data) };
}

function renderDigest(
  templates: DigestTemplates,
  links: DigestLinks,
  options: DigestRendererOptions,
  data: DigestMailData,
): RenderedDigest {
  const view = buildDigestView(links, options, data);
  const sections = view.sections.map((section) =>
    templates.section.render(
      {
        title: section.title,
        papers: joinHtml(
          section.papers.map((p) => templates.paper.render(p)),
          "\n",
        ),
      },
      ["papers"],
    ),
  );
  const html = templates.shell.render(
    {
      subject: view.subject,
      preheader: view.preheader,
      heading: view.heading,
      subheading: view.subheading,
      sections: joinHtml(sections, "\n") as SafeHtml,
      why: view.why,
      manageUrl: view.manageUrl,
      unsubscribeUrl: view.unsubscribeUrl,
      postalAddress: options.postalAddress,
    },
    ["sections"],
  );
  return { subject: view.subject, text: renderDigestText(view, options), html, unsubscribeUrl: view.unsubscribeUrl };
}

export interface DigestView {
  readonly subject: string;
  readonly preheader: string;
  readonly heading: string;
  readonly subheading: string;
  readonly sections: readonly {
    readonly title: string;
    readonly papers: readonly { url: string; title: string; authors: string; summary: string; meta: string }[];
  }[];
  readonly why: string;
  readonly manageUrl: string;
  readonly unsubscribeUrl: string;
}

/** The data both parts are built from, so the text and HTML parts always carry the same links. */
export function buildDigestView(links: DigestLinks, options: DigestRendererOptions, data: DigestMailData): DigestView {
  const period = describePeriod(data.periodKey);
  const count = data.papers.length;
  const topicsPart = data.topicLabels.length > 0 ? ` in ${data.topicLabels.join(", ")}` : "";
  const subject = period.weekly
    ? `${period.label} · ${count} trending paper${count === 1 ? "" : "s"}${topicsPart}`
    : `Trending papers · ${period.label}`;
  const toView = (p: DigestMailPaper) => ({
    url: links.paperUrl(p.id),
    title: singleLine(p.title),
    authors: formatAuthors(p.authors),
    summary: shorten(singleLine(p.summary), SUMMARY_MAX_CHARS),
    meta: p.categories.slice(0, 3).join(" · "),
  });
  const trending = data.papers.filter((p) => p.section === "trending").map(toView);
  const picks = data.papers.filter((p) => p.section === "topic").map(toView);
  return {
    subject: singleLine(subject),
    preheader: data.papers[0] === undefined ? "" : `Top paper: ${singleLine(data.papers[0].title)}`,
    heading: period.weekly ? `${period.label}: trending papers` : `Trending papers · ${period.label}`,
    subheading: `${data.list.name} from ${options.siteName}`,
    sections: [
      ...(trending.length > 0 ? [{ title: "Trending", papers: trending }] : []),
      ...(picks.length > 0 ? [{ title: `For your topics: ${data.topicLabels.join(", ")}`, papers: picks }] : []),
    ],
    why:
      `You get this because you subscribed to ${data.list.name} on ${options.siteName}` +
      (data.topicLabels.length > 0 ? `, with the topics ${data.topicLabels.join(", ")}.` : "."),
    manageUrl: links.manageUrl(data.manageToken),
    unsubscribeUrl: links.unsubscribeUrl(data.unsubscribeToken),
  };
}

/** "Thu 26 Nov" for a day, "Week 48" for an ISO week. */
function describePeriod(key: string): { label: string; weekly: boolean } {
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week !== null) return { label: `Week ${Number(week[2])}`, weekly: true };
  const date = parseDay(key);
  if (date === null) throw new Error(`not an issue period: ${key}`);
  return { label: DAY_LABEL.format(date).replace(",", ""), weekly: false };
}

function formatAuthors(authors: readonly string[]): string {
  const shown = authors.slice(0, AUTHORS_SHOWN).map(singleLine).join(", ");
  return authors.length > AUTHORS_SHOWN ? `${shown} et al.` : shown;
}

/** Titles and abstracts arrive with line breaks from arXiv; one line each in mail. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts at a word boundary and adds an ellipsis; short text passes unchanged. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "")}…`;
}
