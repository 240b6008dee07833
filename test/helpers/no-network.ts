// Loaded before every test file (scripts/run-tests.mjs): the test suite may reach only
// this machine. A connection or DNS lookup for anything else throws at once, naming the
// host, instead of hanging or silently depending on the internet.
import dns from "node:dns";
import net from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost"]);

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::1" || h === "::ffff:127.0.0.1";
}

export class NetworkAccessError extends Error {
  constructor(host: string) {
    super(`test tried to reach ${host}: tests may only use loopback (127.0.0.1); serve a recorded fixture instead`);
    this.name = "NetworkAccessError";
  }
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect() passes its normalised arguments as one array: [options, callback].
  const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const first = raw as { host?: string; path?: string; port?: number } | number | string;
  const host =
    typeof first === "object" && first !== null
      ? first.path
        ? undefined
        : (first.host ?? "localhost")
      : typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))
        ? typeof args[1] === "string"
          ? args[1]
          : "localhost"
        : undefined; // a string path is a Unix socket
  if (host !== undefined && !isLoopback(host)) throw new NetworkAccessError(host);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalLookup = dns.lookup;
dns.lookup = function (hostname: string, ...rest: unknown[]) {
  if (!isLoopback(hostname)) throw new NetworkAccessError(hostname);
  return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
} as typeof dns.lookup;

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function (hostname: string, ...rest: unknown[]) {
  if (!isLoopback(hostname)) throw new NetworkAccessError(hostname);
  return (originalPromisesLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
} as typeof dns.promises.lookup;
