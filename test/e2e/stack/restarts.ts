/**
 * restartPolicy Always, played for the containers of running pods: a container that exited is started
 * again after the kubelet's first back-off (10 s, doubled per restart of the same container, at most
 * 5 minutes). One `podman ps` every 2 s, without blocking; only while watch() is on, so pods that a test
 * deletes on purpose are not brought back.
 */
import { podmanAsync } from '../../../images/bake/podman.ts';

export interface Restart {
  readonly container: string;
  readonly at: number;
}

export class RestartPolicyAlways {
  readonly restarts: Restart[] = [];
  private readonly exitedSince = new Map<string, number>();
  private readonly count = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  /** containers: the full podman names to look after. */
  constructor(private readonly containers: readonly string[]) {}

  watch(): void {
    this.timer ??= setInterval(() => void this.tick(), 2000);
  }

  unwatch(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.exitedSince.clear();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await podmanAsync(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}}'], { timeoutMs: 30_000 });
      if (r.status !== 0) return;
      const exited = new Set(r.stdout.split('\n').map((l) => l.trim()));
      const now = Date.now();
      for (const name of this.containers) {
        if (!exited.has(name)) {
          this.exitedSince.delete(name);
          continue;
        }
        const since = this.exitedSince.get(name) ?? now;
        this.exitedSince.set(name, since);
        const backoff = Math.min(10_000 * 2 ** (this.count.get(name) ?? 0), 300_000);
        if (now - since < backoff) continue;
        await podmanAsync(['start', name], { timeoutMs: 60_000 });
        this.count.set(name, (this.count.get(name) ?? 0) + 1);
        this.restarts.push({ container: name, at: now });
        this.exitedSince.delete(name);
      }
    } catch {
      // podman could not be run this time (spawn failed): the next tick looks again.
    } finally {
      this.busy = false;
    }
  }
}
