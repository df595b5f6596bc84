/** zookeeper mode: ready = srvr says the server serves in a quorum; metrics from mntr. */
import { errorText, fail, pass } from '../checks/check.ts';
import { allOf, type Mode } from '../mode.ts';
import type { Target } from '../settings.ts';
import { fourLetterWord } from './four-letter.ts';
import { parseMntr } from './mntr.ts';
import { zookeeperMetrics } from './metrics.ts';
import { zookeeperReadiness } from './quorum-check.ts';
import { parseSrvr } from './srvr.ts';

export function zookeeperMode(target: Target): Mode {
  const metrics = zookeeperMetrics();
  return {
    checks: {
      srvr: async (signal) => zookeeperReadiness(parseSrvr(await fourLetterWord(target, 'srvr', signal))),
      mntr: async (signal) => {
        try {
          const text = await fourLetterWord(target, 'mntr', signal);
          const reply = parseMntr(text);
          if (reply.size === 0) {
            metrics.update(undefined);
            const srvrLike = parseSrvr(text);
            if (srvrLike.notServing) return fail('ZooKeeper is not serving requests, so mntr has no metrics');
            return fail('mntr gave no metrics: add mntr to 4lw.commands.whitelist in zoo.cfg');
          }
          metrics.update(reply);
          return pass(`${reply.size} mntr keys`);
        } catch (e) {
          metrics.update(undefined);
          return fail(errorText(e));
        }
      },
    },
    verdict: (results) => allOf(['srvr'], results),
    metricsText: () => metrics.text(),
  };
}
