import { createHash } from "node:crypto";

/**
 * Hugging Face's API uses 24-hex-digit MongoDB ObjectIds for `_id`, `discussionId` and
 * the like. Clients only compare them, so a stable hash of what they identify serves.
 */
export function toObjectId(kind: string, key: string): string {
  return createHash("sha1").update(`${kind}:${key}`).digest("hex").slice(0, 24);
}
