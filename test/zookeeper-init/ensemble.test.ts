import { describe, expect, it } from 'vitest';
import { deriveEnsemble } from '../../agents/zookeeper-init/ensemble.ts';
import { ensembleDefaults } from './defaults.ts';
import { ConfigError } from '../../agents/lib/exit-codes.ts';

const base = ensembleDefaults;

describe('deriveEnsemble', () => {
  it.each([
    [{ podName: 'zoo-0' }, 1],
    [{ podName: 'zoo-2' }, 3],
    [{ podName: 'zoo-2', idOffset: 10 }, 12],
    [{ podName: 'zk-4', replicas: 5 }, 5],
  ])('%j -> myid %i', (over, myid) => {
    expect(deriveEnsemble({ ...base, ...over }).myid).toBe(myid);
  });

  it('lists every member by its stable DNS name, following namespace, service and domain', () => {
    const e = deriveEnsemble({ ...base, podName: 'zk-1', namespace: 'prod', headlessService: 'zk-hs', clusterDomain: 'c.example' });
    expect(e.members).toEqual([
      { id: 1, host: 'zk-0.zk-hs.prod.svc.c.example' },
      { id: 2, host: 'zk-1.zk-hs.prod.svc.c.example' },
      { id: 3, host: 'zk-2.zk-hs.prod.svc.c.example' },
    ]);
  });

  it.each([
    ['ordinal >= replicas', { podName: 'zoo-3' }, /ordinal 3 but ZK_REPLICAS is 3: set ZK_REPLICAS .* \(at least 4\)/, 'ZK_REPLICAS'],
    ['no ordinal', { podName: 'zoo' }, /has no ordinal/, 'POD_NAME'],
    ['ids above 255', { idOffset: 254 }, /ids above 255; lower ZK_ID_OFFSET/, 'ZK_ID_OFFSET'],
    ['port collision', { quorumPort: 2181 }, /ZK_CLIENT_PORT and ZK_QUORUM_PORT are both 2181/, 'ZK_QUORUM_PORT'],
    ['admin port collision', { adminPort: 3888 }, /ZK_ELECTION_PORT and ZK_ADMIN_PORT are both 3888/, 'ZK_ADMIN_PORT'],
  ])('%s is a configuration error', (_, over, message, setting) => {
    let err: unknown;
    try {
      deriveEnsemble({ ...base, ...over });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(message);
    expect((err as ConfigError).setting).toBe(setting);
  });
});
