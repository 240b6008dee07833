import { CsrfField, Notice } from "./account-forms.js";
import { type PaperClaimsView, usePaperClaims } from "./paper-claims-view.js";
import { authorPath, paperPath } from "./paths.js";
import { profilePath } from "./profile-path.js";

/**
 * The paper page's authors, each linking to their papers in this hub; a name a member has
 * claimed (and a curator approved) also links to that member's profile.
 */
export function PaperAuthorLinks({ authors }: { authors: readonly string[] }) {
  const claimedBy = usePaperClaims()?.claimedBy;
  return (
    <>
      {authors.map((name, i) => {
        const member = claimedBy?.get(name);
        return (
          <>
            {i > 0 && ", "}
            <a href={authorPath(name)}>{name}</a>
            {member && (
              <>
                {" "}
                <a
                  href={profilePath(member.userHandle)}
                  class="claimed-author badge"
                  title={`${name} on this hub: ${member.userDisplayName}, a claimed author confirmed by a curator`}
                >
                  @{member.userHandle}
                </a>
              </>
            )}
          </>
        );
      })}
    </>
  );
}

/**
 * Under the authors: where the viewer's claim stands (with a button to withdraw it), or a
 * plain form to claim one of the listed names. Works without JavaScript; signed-out
 * readers see nothing here.
 */
export function ClaimAuthorshipBox() {
  const view = usePaperClaims();
  if (view === null || view.viewer === null || view.csrfToken === null) return null;
  const { viewerClaim: claim } = view;
  const live = claim !== null && (claim.status === "pending" || claim.status === "approved");
  if (!live && view.claimable.length === 0 && view.problem === null && view.done === null) return null;
  return (
    <div class="claim-authorship" id="authorship">
      {view.done && <Notice tone="ok">{view.done}</Notice>}
      {live ? <LiveClaim view={view} /> : <ClaimForm view={view} />}
    </div>
  );
}

function LiveClaim({ view }: { view: PaperClaimsView }) {
  const claim = view.viewerClaim!;
  return (
    <form method="post" action={`${paperPath(view.paperId)}/claims/withdraw`} class="inline-form">
      <CsrfField token={view.csrfToken!} />
      <span>
        {claim.status === "approved"
          ? `You are a claimed author of this paper, as "${claim.authorName}".`
          : `Your claim to be "${claim.authorName}" is waiting for a curator's review.`}
      </span>{" "}
      <button type="submit">Withdraw claim</button>
    </form>
  );
}

function ClaimForm({ view }: { view: PaperClaimsView }) {
  const rejected = view.viewerClaim?.status === "rejected" ? view.viewerClaim : null;
  return (
    <>
      {rejected && (
        <p class="muted">
          {`Your claim to be "${rejected.authorName}" was not approved`}
          {rejected.decisionReason ? `: ${rejected.decisionReason}` : "."}
        </p>
      )}
      {view.problem && <Notice tone="error">{view.problem}</Notice>}
      {view.claimable.length > 0 && (
        <details open={view.problem !== null ? true : undefined}>
          <summary>Claim authorship</summary>
          <form method="post" action={`${paperPath(view.paperId)}/claims`} class="inline-form">
            <CsrfField token={view.csrfToken!} />
            <label for="claim-author">Which author are you?</label>{" "}
            <select id="claim-author" name="author" required>
              {view.claimable.map((name) => (
                <option value={name} selected={name === view.suggested ? true : undefined}>
                  {name}
                </option>
              ))}
            </select>{" "}
            <button type="submit">Claim authorship</button>
            <p class="muted">
              A curator checks each claim before it shows. Once approved, your comments here carry an author badge and
              your profile lists the paper.
            </p>
          </form>
        </details>
      )}
    </>
  );
}
