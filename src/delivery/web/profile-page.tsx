import type { Child } from "hono/jsx";
import { formatCount, formatTimestampDay } from "./format.js";
import { Layout } from "./layout.js";
import { MathText } from "./math-text.js";
import { PROFILE_LIST_LIMIT, type Profile } from "./profile-data.js";
import { paperPath } from "./paths.js";
import { profilePath } from "./profile-path.js";

/** `/users/{handle}`: who they are, the papers they wrote, what they submitted, what they said and (if they chose) what they upvoted. */
export function ProfilePage({ profile, publicUrl }: { profile: Profile; publicUrl: string }) {
  const title = `${profile.displayName} (@${profile.handle})`;
  return (
    <Layout
      meta={{ title, description: `${title} on Paperboy`, canonicalPath: profilePath(profile.handle) }}
      publicUrl={publicUrl}
    >
      <article class="profile" aria-labelledby="profile-name">
        <header>
          <h1 id="profile-name">{profile.displayName}</h1>
          <p class="muted">
            @{profile.handle}
            {profile.role !== "user" && <span class="badge">{profile.role}</span>}
            {" · joined "}
            <time datetime={profile.joinedAt}>{formatTimestampDay(profile.joinedAt)}</time>
          </p>
          {profile.suspended && (
            <p class="notice notice-error" role="status">
              This account is suspended: it cannot post, vote or submit papers for now.
            </p>
          )}
        </header>
        {profile.authored.total > 0 && (
          <ProfileList id="papers" title="Papers" total={profile.authored.total} empty="No papers.">
            {profile.authored.items.map((a) => (
              <li>
                <PaperLink id={a.paperId} title={a.paperTitle} />{" "}
                <span class="muted">as {a.authorName}, a claimed author</span>
              </li>
            ))}
          </ProfileList>
        )}
        <ProfileList
          id="submissions"
          title="Submitted papers"
          total={profile.submissions.total}
          empty="No submissions."
        >
          {profile.submissions.items.map((s) => (
            <li>
              <PaperLink id={s.paperId} title={s.paperTitle} />{" "}
              <span class="muted">
                on the daily list of <a href={`/papers/date/${s.listingDate}`}>{s.listingDate}</a>
              </span>
            </li>
          ))}
        </ProfileList>
        <ProfileList id="comments" title="Comments" total={profile.comments.total} empty="No comments.">
          {profile.comments.items.map((c) => (
            <li class="profile-comment">
              <p class="comment-meta">
                On <PaperLink id={c.paperId} title={c.paperTitle} />
                {" · "}
                <a href={`${paperPath(c.paperId)}#comment-${c.id}`} class="muted">
                  <time datetime={c.createdAt}>{formatTimestampDay(c.createdAt)}</time>
                </a>
                {c.editedAt && <span class="muted"> · edited</span>}
              </p>
              {/* Sanitised by src/core/discussion (render-comment.ts), as on the paper page. */}
              <div class="comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
            </li>
          ))}
        </ProfileList>
        {profile.upvoted && (
          <ProfileList id="upvotes" title="Upvoted papers" total={profile.upvoted.total} empty="No upvotes yet.">
            {profile.upvoted.items.map((p) => (
              <li>
                <PaperLink id={p.id} title={p.title} />
              </li>
            ))}
          </ProfileList>
        )}
      </article>
    </Layout>
  );
}

function ProfileList(props: { id: string; title: string; total: number; empty: string; children: Child[] }) {
  const shown = props.children.length;
  return (
    <section aria-labelledby={`${props.id}-heading`} class="profile-section">
      <h2 id={`${props.id}-heading`}>
        {props.title} <span class="muted">({props.total})</span>
      </h2>
      {shown === 0 ? <p class="muted">{props.empty}</p> : <ol class="profile-list">{props.children}</ol>}
      {props.total > shown && (
        <p class="muted">
          The newest {PROFILE_LIST_LIMIT} of {formatCount(props.total)}.
        </p>
      )}
    </section>
  );
}

function PaperLink({ id, title }: { id: string; title: string | null }) {
  return <a href={paperPath(id)}>{title === null ? `arXiv:${id}` : <MathText text={title} />}</a>;
}
