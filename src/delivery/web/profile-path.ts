/** `/users/ada`: a member's public profile. Handles are lower-case letters, digits, `_` and `-`. */
export function profilePath(handle: string): string {
  return `/users/${encodeURIComponent(handle)}`;
}
