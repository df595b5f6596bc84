/** Sends a ZooKeeper four-letter word (srvr, mntr, ...) and returns the whole reply. */
import { connect } from 'node:net';
import type { Target } from '../settings.ts';

/** At most this much reply is read; mntr on a busy 3.8 server is a few KB. */
const MAX_REPLY_BYTES = 1 << 20;

export function fourLetterWord(target: Target, word: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const sock = connect({ host: target.host, port: target.port });
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = () => {
      sock.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    sock.on('connect', () => sock.end(word));
    sock.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_REPLY_BYTES) {
        sock.destroy(new Error(`${word} reply from ${target.host}:${target.port} is larger than ${MAX_REPLY_BYTES} bytes`));
        return;
      }
      chunks.push(d);
    });
    sock.on('end', () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    sock.on('error', (e) => {
      done();
      reject(new Error(`${word} to ${target.host}:${target.port}: ${e.message}`));
    });
  });
}
