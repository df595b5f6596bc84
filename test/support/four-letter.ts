/** Sends a ZooKeeper four-letter word and returns the reply (test-side client). */
import { connect } from 'node:net';

export function fourLetter(host: string, port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let out = '';
    sock.setTimeout(timeoutMs, () => {
      sock.destroy();
      reject(new Error(`${word} to ${host}:${port} timed out`));
    });
    sock.on('connect', () => sock.write(word));
    sock.on('data', (d) => (out += d.toString('utf8')));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

/** The Mode: line of srvr (leader, follower, standalone), or undefined when not serving. */
export async function zkMode(host: string, port: number): Promise<string | undefined> {
  try {
    const out = await fourLetter(host, port, 'srvr');
    return /^Mode: (\S+)/m.exec(out)?.[1];
  } catch {
    return undefined;
  }
}
