import { describe, expect, it } from 'vitest';
import { describeUnready, missingPod, podState, recovered, victims } from '../../../agents/canary/chaos/pod-state.ts';

const pod = (uid: string, ready: string | undefined, extra: Record<string, unknown> = {}) => ({
  metadata: { name: 'kafka-1', uid, ...extra },
  status: { phase: 'Running', conditions: ready === undefined ? [] : [{ type: 'Ready', status: ready, reason: 'ContainersNotReady', message: 'containers with unready status: [kafka]' }] },
});

describe('pod state', () => {
  it.each([
    ['Ready', pod('u1', 'True'), { uid: 'u1', ready: true, reason: 'Ready' }],
    ['not Ready, with the condition message', pod('u1', 'False'), { ready: false, reason: 'not Ready (containers with unready status: [kafka])' }],
    ['no Ready condition yet', pod('u1', undefined), { ready: false, reason: 'not Ready (phase Running)' }],
    ['terminating, even while still Ready', pod('u1', 'True', { deletionTimestamp: '2026-01-01T00:00:00Z' }), { ready: false, reason: 'terminating' }],
    ['not an object', null, { uid: '', ready: false }],
  ])('%s', (_name, obj, want) => {
    expect(podState('kafka-1', obj)).toMatchObject(want);
  });

  const ready = (name: string, uid: string) => ({ name, uid, ready: true, reason: 'Ready' });
  it.each([
    ['replaced and all Ready', [ready('kafka-1', 'new'), ready('kafka-0', 'a')], true],
    ['the same pod still there (not deleted yet)', [ready('kafka-1', 'old'), ready('kafka-0', 'a')], false],
    ['replacement missing', [missingPod('kafka-1'), ready('kafka-0', 'a')], false],
    ['replaced, another pod not Ready', [ready('kafka-1', 'new'), { name: 'kafka-0', uid: 'a', ready: false, reason: 'not Ready (x)' }], false],
  ])('a round is recovered when %s: %s', (_name, states, want) => {
    expect(recovered('kafka-1', 'old', states)).toBe(want);
  });

  it('names what is not Ready', () => {
    expect(describeUnready([ready('kafka-0', 'a'), missingPod('zoo-2'), { name: 'kafka-1', uid: 'b', ready: false, reason: 'terminating' }])).toBe('zoo-2 does not exist (yet), kafka-1 terminating');
  });

  it.each([
    [['kafka-0', 'zoo-0'], 3, ['kafka-0', 'zoo-0', 'kafka-0']],
    [['kafka-0', 'kafka-1', 'kafka-2'], 2, ['kafka-0', 'kafka-1']],
  ])('victims of %j over %i rounds: %j', (pods, rounds, want) => {
    expect(victims(pods, rounds)).toEqual(want);
  });
});
