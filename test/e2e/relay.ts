/**
 * A TCP port inside a pod's network namespace that leads to a server on this
 * machine's loopback: a listener in the namespace (a small node process started
 * with `ip netns exec`) hands each connection to a unix socket, which the test
 * process forwards to the server. The namespace sees the server on its own
 * 127.0.0.1, so a certificate made for 127.0.0.1 still matches.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, type ZkProcess } from '../support/zookeeper.ts';
import { waitFor } from '../support/wait.ts';

export interface Relay {
  stop(): Promise<void>;
}

/** Joins two connections both ways; an error or a close on either side ends both. */
export function splice(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  const close = () => {
    a.destroy();
    b.destroy();
  };
  for (const s of [a, b]) {
    s.on('error', close);
    s.on('close', close);
  }
}

export async function relayIntoNetns(netns: string, listenPort: number, target: { host: string; port: number }, dir: string): Promise<Relay> {
  const sock = join(dir, `relay-${netns}-${listenPort}.sock`);
  rmSync(sock, { force: true });
  const server: Server = createServer((c) => splice(c, createConnection(target)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, resolve);
  });
  const script = [
    "const net=require('node:net');",
    `net.createServer(c=>{const u=net.createConnection(${JSON.stringify(sock)});c.pipe(u).pipe(c);`,
    "const x=()=>{c.destroy();u.destroy()};c.on('error',x);u.on('error',x)})",
    `.listen(${listenPort},'127.0.0.1',()=>console.log('listening'));`,
    "process.on('SIGTERM',()=>process.exit(0));",
  ].join('');
  const log = join(dir, `relay-${netns}-${listenPort}.log`);
  const proc: ZkProcess = startProcess(['ip', 'netns', 'exec', netns, process.execPath, '-e', script], log);
  await waitFor('the relay to listen in the pod namespace', () => existsSync(log) && readFileSync(log, 'utf8').includes('listening'), {
    timeoutMs: 10_000,
    intervalMs: 50,
  });
  return {
    async stop() {
      await proc.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(sock, { force: true });
    },
  };
}
