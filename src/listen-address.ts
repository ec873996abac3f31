/** Where a server listens: a host (name, IPv4, or IPv6 without brackets) and a port (0: any free port). */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Parses `host:port` (`127.0.0.1:9091`, `localhost:9091`, `[::1]:9091`, `0.0.0.0:9091`), or returns
 * undefined when `text` is not of that form or the port is not 0–65535.
 */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  return { host: match[1] ?? match[2] ?? "", port };
}
