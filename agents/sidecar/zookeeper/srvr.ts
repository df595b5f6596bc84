/** Parses the reply to `srvr`. Pure. */

export interface SrvrReply {
  /** leader, follower, standalone, observer, read-only; undefined when the server does not serve. */
  readonly mode: string | undefined;
  readonly version: string | undefined;
  readonly zxid: string | undefined;
  /** The reply says the server is not serving requests (no quorum). */
  readonly notServing: boolean;
  /** The reply says srvr is not in 4lw.commands.whitelist. */
  readonly notAllowed: boolean;
}

export function parseSrvr(text: string): SrvrReply {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
  return {
    mode: field('Mode'),
    version: field('Zookeeper version'),
    zxid: field('Zxid'),
    notServing: /not currently serving requests/i.test(text),
    notAllowed: /not in the whitelist|not executed because/i.test(text),
  };
}
