/** The domain of an address, bare or in a display form such as `"Paperboy" <digest@example.org>`. */
export function readAddressDomain(address: string): string {
  const match = /@([^\s<>@]+)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase() ?? "localhost";
}

/**
 * An address safe for logs: first character of the local part and the domain
 * ("j…@example.net"), enough to tell deliveries apart without storing who received what.
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "…";
  return `${address.charAt(0)}…${address.slice(at)}`;
}
