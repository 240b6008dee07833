/* global document, fetch */
/*
 * Upvotes without a page load, for every form[data-vote-paper] (src/delivery/web/vote-button.tsx).
 * Without this script the form posts to /votes and the page reloads. With it, a click shows
 * the new state at once, then asks POST /api/v1/papers/{id}/votes for the vote wanted (idempotent,
 * so a retry cannot double it); on failure the old state comes back with the reason. Loaded as a
 * module from this origin (the CSP allows no inline script); it writes text only, never HTML.
 */

const COUNT_FORMAT = new Intl.NumberFormat("en-US");
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

for (const form of document.querySelectorAll("form[data-vote-paper]")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void vote(form);
  });
}

function readState(form) {
  const pressed = form.querySelector("button").getAttribute("aria-pressed");
  const count = Number(form.querySelector(".vote-count").dataset.count);
  return { voted: pressed === null ? null : pressed === "true", count };
}

function showState(form, voted, count) {
  const button = form.querySelector("button");
  const counter = form.querySelector(".vote-count");
  button.setAttribute("aria-pressed", String(voted));
  button.title = voted ? "Take your upvote back" : "Upvote";
  counter.dataset.count = String(count);
  counter.textContent = `${COUNT_FORMAT.format(count)} upvote${count === 1 ? "" : "s"}`;
  const field = form.querySelector('input[name="voted"]');
  if (field) field.value = String(!voted);
}

async function vote(form) {
  if (form.dataset.busy === "true") return;
  const message = form.querySelector(".vote-message");
  const before = readState(form);
  const wanted = before.voted === null ? null : !before.voted;
  form.dataset.busy = "true";
  message.textContent = "";
  if (wanted !== null) showState(form, wanted, before.count + (wanted ? 1 : -1));
  try {
    const response = await fetch(`/api/v1/papers/${encodeURIComponent(form.dataset.votePaper)}/votes`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify(wanted === null ? {} : { voted: wanted }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || body === null) {
      throw new Error(body?.error ?? `The server answered ${response.status}.`);
    }
    showState(form, body.voted, body.upvotes);
  } catch (error) {
    if (before.voted !== null) showState(form, before.voted, before.count);
    const reason = error instanceof Error ? error.message : "";
    message.textContent = `Your upvote was not saved. ${reason}`.trim();
  } finally {
    form.dataset.busy = "false";
  }
}
