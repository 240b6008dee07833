import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { z } from "zod";
import type { App } from "../../app.js";
import { findLatestIssuePeriod } from "../../core/digests/issue-period.js";
import { createPublicId } from "../../core/digests/link-tokens.js";
import type { DigestList } from "../../core/digests/ports.js";
import { type CommandOutput, PROCESS_OUTPUT } from "./command-output.js";
import { UsageError } from "./migrate-command.js";

const DigestSendArgs = z.object({
  list: z.enum(["daily", "weekly"], { error: "--list takes daily or weekly" }),
  "dry-run": z.boolean().optional(),
  to: z.email({ error: "--to takes an email address" }).optional(),
  out: z.string().min(1).optional(),
});

/**
 * `paperboy digest send --list daily [--dry-run] [--to ADDRESS] [--out DIR]`.
 * Without flags: prepares the list's due issue and sends that list's due deliveries.
 * --dry-run prints the audience and what each would get, writing and sending nothing;
 * --to sends one preview (no topics, links signed for a throwaway id) to ADDRESS;
 * --out writes each subscriber's mail as .eml, .html and .txt into DIR, sending nothing.
 */
export async function runDigestCommand(app: App, args: string[], output: CommandOutput = PROCESS_OUTPUT) {
  const [sub, ...rest] = args;
  if (sub === "resume") return resumeIssue(app, rest, output);
  if (sub !== "send") throw new UsageError("digest needs a subcommand: send, resume");
  const { values } = parseArgs({
    args: rest,
    options: {
      list: { type: "string" },
      "dry-run": { type: "boolean" },
      to: { type: "string" },
      out: { type: "string" },
    },
  });
  const parsed = DigestSendArgs.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const options = parsed.data;
  const list = (await app.digests.service.findList(options.list))!;
  if (options.to !== undefined) return sendPreview(app, list, options.to, output);
  if (options["dry-run"] || options.out !== undefined) return planOnly(app, list, options.out ?? null, output);
  return prepareAndSend(app, list, output);
}

async function prepareAndSend(app: App, list: DigestList, output: CommandOutput): Promise<number> {
  if (app.config.mail.smtpUrl !== null && app.config.digests.postalAddress === null) {
    output.err.write("paperboy: set MAIL_POSTAL_ADDRESS (your postal address, shown in every digest) first\n");
    return 1;
  }
  const prepared = await app.digests.service.prepareDueIssue(list);
  if (prepared === null) output.out.write(`${list.slug}: no issue due now\n`);
  else
    output.out.write(
      `${list.slug} ${prepared.issue.periodKey}: ${prepared.issue.status}, ${prepared.added} deliveries added\n`,
    );
  // Only this list's outbox: `--list daily` must not send a weekly issue that happens to be due.
  const counts = await app.digests.service.sendDue({ workerId: `cli:${process.pid}`, listId: list.id });
  output.out.write(`${formatCounts(counts)}\n`);
  return 0;
}

async function planOnly(app: App, list: DigestList, outDir: string | null, output: CommandOutput): Promise<number> {
  const period = findLatestIssuePeriod(list.cadence, app.now());
  const plan = await app.digests.service.planIssue(list, period, null, app.now());
  const skipped = plan.deliveries.filter((d) => d.skipped).length;
  output.out.write(
    `${list.slug} ${period.key}: ${plan.content.trending.length} trending papers, ${plan.deliveries.length} subscribers, ` +
      `${plan.deliveries.length - skipped} would get a digest, ${skipped} skipped (too few new papers); nothing sent\n`,
  );
  if (outDir === null) return 0;
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  let written = 0;
  for (const delivery of plan.deliveries.filter((d) => !d.skipped)) {
    const mail = await app.digests.compose({
      list,
      issue: { periodKey: period.key },
      delivery: {
        ...delivery,
        subscriptionPublicId: delivery.member.subscriptionPublicId,
        subscriberPublicId: delivery.member.subscriberPublicId,
      },
      papers: plan.papers,
      now: app.now(),
    });
    const name = join(dir, `${String(++written).padStart(5, "0")}-${delivery.member.subscriptionPublicId}`);
    const raw = await new MailComposer({ ...mail, from: app.config.mail.from }).compile().build();
    await Promise.all([
      writeFile(`${name}.eml`, raw),
      writeFile(`${name}.html`, mail.html ?? ""),
      writeFile(`${name}.txt`, mail.text),
    ]);
  }
  output.out.write(`${written} mails written to ${dir}\n`);
  return 0;
}

async function sendPreview(app: App, list: DigestList, to: string, output: CommandOutput): Promise<number> {
  const { period, papers, selection } = await app.digests.service.previewSelection(list, []);
  if (selection.kind === "skip") {
    output.err.write(`paperboy: only ${selection.available} papers trend for ${period.key}: nothing to preview\n`);
    return 1;
  }
  const publicId = createPublicId();
  const mail = await app.digests.compose({
    list,
    issue: { periodKey: period.key },
    delivery: {
      publicId,
      messageId: `preview.${publicId}@${app.config.digests.messageIdDomain}`,
      toEmail: to,
      // Throwaway ids: the preview's links point at no subscription.
      subscriptionPublicId: createPublicId(),
      subscriberPublicId: createPublicId(),
      selection: selection.papers,
    },
    papers,
    now: app.now(),
  });
  const result = await app.mailer.send({ ...mail, subject: `[preview] ${mail.subject}` });
  output.out.write(
    `preview of ${list.slug} ${period.key}: ${result.outcome}${"reply" in result ? ` (${result.reply})` : ""}\n`,
  );
  return result.outcome === "sent" ? 0 : 1;
}

const ResumeArgs = z.object({
  issue: z.coerce
    .number({ error: "--issue takes an issue id (a number)" })
    .int()
    .positive({ error: "--issue takes an issue id (a number)" }),
});

/** `paperboy digest resume --issue ID`: continues an issue paused by a 5.7.x refusal or the circuit breaker. */
async function resumeIssue(app: App, args: string[], output: CommandOutput): Promise<number> {
  const { values } = parseArgs({ args, options: { issue: { type: "string" } } });
  const parsed = ResumeArgs.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const issue = await app.storage.digests.findIssue(parsed.data.issue);
  if (issue === null) throw new UsageError(`no digest issue ${parsed.data.issue}`);
  if (issue.status !== "paused") {
    output.out.write(`issue ${issue.id} (${issue.periodKey}) is ${issue.status}, not paused: nothing to resume\n`);
    return 0;
  }
  await app.storage.digests.resumeIssue(issue.id);
  output.out.write(
    `issue ${issue.id} (${issue.periodKey}) resumed after: ${issue.pausedReason ?? "no reason recorded"}\n`,
  );
  return 0;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([status, count]) => `${count} ${status}`)
    .join(", ");
}
