/**
 * When a ZooKeeper server is ready: it answers srvr and serves as part of a
 * quorum, i.e. its mode is leader or follower (standalone when the ensemble is
 * one node, observer when it has observers: both serve only while in sync with
 * the quorum). `imok` alone says only that the process runs. Pure.
 */
import { fail, pass, type CheckOutcome } from '../checks/check.ts';
import type { SrvrReply } from './srvr.ts';

export const SERVING_MODES: readonly string[] = ['leader', 'follower', 'standalone', 'observer'];

export function zookeeperReadiness(reply: SrvrReply): CheckOutcome {
  if (reply.notAllowed) {
    return fail('srvr is not allowed by the server: add srvr,mntr to 4lw.commands.whitelist in zoo.cfg');
  }
  if (reply.notServing) return fail('ZooKeeper is not serving requests (no quorum yet, or lost it)');
  if (reply.mode === undefined) return fail('srvr reply has no Mode: line; the server is not serving');
  if (!SERVING_MODES.includes(reply.mode)) return fail(`ZooKeeper mode is ${reply.mode}, not leader or follower`);
  return pass(`serving as ${reply.mode}`, { mode: reply.mode, ...(reply.zxid ? { zxid: reply.zxid } : {}) });
}
