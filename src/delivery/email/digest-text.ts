import type { DigestRendererOptions, DigestView } from "./digest-mail.js";

/**
 * The text/plain part, built from the same view as the HTML (not converted from it): the
 * same papers, the same links, in the same order. Plain URLs on their own lines, because
 * text mail clients make those clickable and never wrap them.
 */
export function renderDigestText(view: DigestView, options: Pick<DigestRendererOptions, "postalAddress">): string {
  const lines: string[] = [view.heading, view.subheading, ""];
  let number = 0;
  for (const section of view.sections) {
    lines.push(section.title.toUpperCase(), "");
    for (const paper of section.papers) {
      number += 1;
      lines.push(`${number}. ${paper.title}`);
      if (paper.authors !== "") lines.push(`   ${paper.authors}`);
      if (paper.summary !== "") lines.push(`   ${paper.summary}`);
      lines.push(`   ${paper.url}`, "");
    }
  }
  lines.push(
    "--",
    view.why,
    "",
    `Manage your subscription: ${view.manageUrl}`,
    `Unsubscribe: ${view.unsubscribeUrl}`,
    "",
    options.postalAddress,
  );
  return `${lines.join("\n")}\n`;
}
