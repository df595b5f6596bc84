import { describe, expect, it } from 'vitest';
import { createReadinessState, NOT_CHECKED_YET, type Readiness } from '../../agents/sidecar/verdict.ts';

describe('readiness state', () => {
  it('starts not ready, records when the verdict flips, and reports only flips', () => {
    let t = 100;
    const flips: Readiness[] = [];
    const s = createReadinessState(() => t, (r) => flips.push(r));
    expect(s.get()).toEqual({ ready: false, reason: NOT_CHECKED_YET, since: 100, checks: [] });
    t = 200;
    s.set({ ready: false, reason: 'srvr: not serving' }, []);
    expect(s.get().since).toBe(100);
    t = 300;
    s.set({ ready: true, reason: 'serving as leader' }, []);
    t = 400;
    s.set({ ready: true, reason: 'serving as follower' }, []);
    expect(s.get()).toMatchObject({ ready: true, reason: 'serving as follower', since: 300 });
    expect(flips.map((f) => [f.ready, f.since])).toEqual([[true, 300]]);
  });
});
