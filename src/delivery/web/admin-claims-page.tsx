import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { ClaimFailure, ClaimVerdict } from "../../core/discussion/author-claim-rules.js";
import type { AuthorClaim, AuthorClaimStatus } from "../../core/discussion/ports.js";
import type { HttpEnv } from "../http/http-env.js";
import { CsrfField, readForm } from "./account-forms.js";
import {
  type AdminContext,
  type AdminFlash,
  type AdminViewer,
  FlashNotice,
  readDoneFlash,
  sendAdminPage,
  withRole,
} from "./admin-access.js";
import { pageQuerySchema } from "./admin-form-schemas.js";
import { claimListQuerySchema, claimReviewFormSchema } from "./claim-form-schemas.js";
import type { PageStatus } from "./layout.js";
import { Pagination } from "./pagination.js";
import { paperPath } from "./paths.js";
import { profilePath } from "./profile-path.js";

/** Claims on one page of a list. */
const CLAIMS_PAGE_SIZE = 20;

const DONE: Record<string, string> = {
  approved: "Claim approved: the member's comments on the paper carry the author badge.",
  rejected: "Claim rejected; the member sees your reason on the paper's page.",
  revoked: "Claim revoked: the author badge is gone.",
};

const LISTS: readonly { status: AuthorClaimStatus; title: string }[] = [
  { status: "pending", title: "Waiting" },
  { status: "approved", title: "Approved" },
  { status: "rejected", title: "Rejected" },
  { status: "withdrawn", title: "Withdrawn" },
];

const FAILURE_STATUS: Record<ClaimFailure["kind"], PageStatus> = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 400,
  conflict: 409,
  "rate-limited": 429,
  unavailable: 503,
};

/** /admin/claims: members' claims to be a paper's authors; curators and above approve or reject them. */
export function registerAdminClaimsPage(http: Hono<HttpEnv>, app: App): void {
  http.get("/admin/claims", (c) => withRole(c, "curator", (v) => showClaims(c, app, v, readDoneFlash(c, DONE))));
  for (const verdict of ["approve", "reject"] as const) {
    http.post(`/admin/claims/${verdict}`, (c) => withRole(c, "curator", (v) => review(c, app, v, verdict)));
  }
}

async function review(c: AdminContext, app: App, viewer: AdminViewer, verdict: ClaimVerdict) {
  const form = await readForm(c, claimReviewFormSchema);
  if (!form.ok) return showClaims(c, app, viewer, { tone: "error", message: form.message }, 400);
  const { claim_id: id, reason, back } = form.data;
  const outcome = await app.authorClaims.review(viewer, id, verdict, reason || null);
  if (!outcome.ok) {
    const flash = { tone: "error" as const, message: outcome.error.message };
    return showClaims(c, app, viewer, flash, FAILURE_STATUS[outcome.error.kind], back);
  }
  const done = verdict === "approve" ? "approved" : back === "approved" ? "revoked" : "rejected";
  return c.redirect(`/admin/claims?status=${back}&done=${done}`, 303);
}

async function showClaims(
  c: AdminContext,
  app: App,
  viewer: AdminViewer,
  flash?: AdminFlash,
  status: PageStatus = 200,
  list: AuthorClaimStatus = claimListQuerySchema.parse(c.req.query("status")),
) {
  const page = pageQuerySchema.parse(c.req.query("page"));
  const offset = (page - 1) * CLAIMS_PAGE_SIZE;
  const claims = await app.authorClaims.listForReview(viewer, list, { offset, limit: CLAIMS_PAGE_SIZE });
  if (!claims.ok) return sendAdminPage(c, "Claims", <p>{claims.error.message}</p>, FAILURE_STATUS[claims.error.kind]);
  const { items, total } = claims.value;
  const titles = new Map((await app.papers.findPapers(items.map((i) => i.paperId))).map((p) => [p.id, p.title]));
  const token = c.get("csrf").token();
  return sendAdminPage(
    c,
    "Claims",
    <>
      <h1>Authorship claims</h1>
      <nav class="admin-nav" aria-label="Claims by status">
        {LISTS.map((l) => (
          <a href={`/admin/claims?status=${l.status}`} aria-current={l.status === list ? "page" : undefined}>
            {l.title}
          </a>
        ))}
      </nav>
      <FlashNotice flash={flash} />
      <p>{describeList(list, total)}</p>
      {items.map((claim) => (
        <ClaimCard claim={claim} title={titles.get(claim.paperId) ?? null} token={token} list={list} />
      ))}
      <Pagination
        page={page}
        pages={Math.max(1, Math.ceil(total / CLAIMS_PAGE_SIZE))}
        hrefFor={(p) => `/admin/claims?status=${list}&page=${p}`}
      />
    </>,
    status,
  );
}

function describeList(list: AuthorClaimStatus, total: number): string {
  const claims = `${total} claim${total === 1 ? "" : "s"}`;
  if (list === "pending") {
    return total === 0
      ? "No claims are waiting."
      : `${claims} waiting, the longest-waiting first. Check that the account is the author (their homepage, ORCID or institutional address) before approving.`;
  }
  return total === 0 ? `No ${list} claims.` : `${claims} ${list}, the newest first.`;
}

function ClaimCard(props: { claim: AuthorClaim; title: string | null; token: string; list: AuthorClaimStatus }) {
  const { claim, token, list } = props;
  return (
    <article class="admin-card" aria-label={`Claim ${claim.id}`}>
      <p>
        <a href={profilePath(claim.userHandle)}>@{claim.userHandle}</a> ({claim.userDisplayName})
        {claim.userSuspended && <span class="badge">suspended</span>} claims to be <strong>{claim.authorName}</strong>{" "}
        on <a href={paperPath(claim.paperId)}>{props.title ?? claim.paperId}</a>{" "}
        <span class="muted mono">arXiv:{claim.paperId}</span>
      </p>
      <p class="muted">
        {`Claim #${claim.id}, filed ${claim.createdAt}`}
        {claim.decidedAt && ` · ${claim.status} ${claim.decidedAt}`}
        {claim.decidedByHandle && ` by @${claim.decidedByHandle}`}
        {claim.decisionReason && `: ${claim.decisionReason}`}
      </p>
      {claim.status === "pending" && (
        <div class="admin-actions">
          <ReviewForm
            verdict="approve"
            label="Approve"
            claim={claim}
            token={token}
            list={list}
            reasonRequired={false}
          />
          <ReviewForm verdict="reject" label="Reject" claim={claim} token={token} list={list} reasonRequired />
        </div>
      )}
      {claim.status === "approved" && (
        <ReviewForm verdict="reject" label="Revoke" claim={claim} token={token} list={list} reasonRequired />
      )}
    </article>
  );
}

function ReviewForm(props: {
  verdict: ClaimVerdict;
  label: string;
  claim: AuthorClaim;
  token: string;
  list: AuthorClaimStatus;
  reasonRequired: boolean;
}) {
  const id = `${props.verdict}-reason-${props.claim.id}`;
  return (
    <form method="post" action={`/admin/claims/${props.verdict}`} class="admin-inline-form">
      <CsrfField token={props.token} />
      <input type="hidden" name="claim_id" value={String(props.claim.id)} />
      <input type="hidden" name="back" value={props.list} />
      <label for={id}>{props.reasonRequired ? "Reason" : "Note (optional)"}</label>
      <input id={id} name="reason" required={props.reasonRequired} maxlength={500} />
      <button type="submit">{props.label}</button>
    </form>
  );
}
