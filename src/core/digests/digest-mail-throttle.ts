import { THROTTLE_RULES, recordHit, secondsUntilAllowed } from "../accounts/throttle-policy.js";
import type { ThrottleStore } from "../accounts/ports.js";

/**
 * Whether a mail asked for through a public form (a confirmation, an export or erasure link)
 * may go out: per address and per IP, with the account mail rules, so a form flood cannot
 * fill anyone's inbox. `purpose` keeps each form's counters apart.
 */
export async function allowDigestMail(
  throttle: ThrottleStore,
  purpose: string,
  emailHmac: string,
  ip: string | null,
  now: Date,
): Promise<boolean> {
  const keys = [
    { key: `${purpose}:email:${emailHmac}`, rule: THROTTLE_RULES.mailPerAccount },
    ...(ip === null ? [] : [{ key: `${purpose}:ip:${ip}`, rule: THROTTLE_RULES.mailPerIp }]),
  ];
  let allowed = true;
  for (const { key, rule } of keys) {
    if (secondsUntilAllowed(await throttle.read(key), now) > 0) allowed = false;
    // The attempt that goes over the free hits is refused too, not only the ones after it.
    const recorded = await throttle.update(key, (state) => recordHit(state, rule, now));
    if (recorded.blockedUntil !== null) allowed = false;
  }
  return allowed;
}
