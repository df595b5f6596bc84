/**
 * Bounds on the sidecar's HTTP connections, sized for a sidecar rather than a
 * web server: the kubelet and Prometheus send one short GET each, so a client
 * has SIDECAR_HTTP_TIMEOUT to send its request, a keep-alive connection may sit
 * idle that long, and a response may wait that long on a client that does not
 * read it. At most SIDECAR_HTTP_MAX_CONNECTIONS are open: a connection beyond
 * that closes the oldest one that is not being answered (idle, or still sending
 * its request), so clients that only hold connections open cannot lock out
 * the kubelet's probes; it is refused only while every connection is being
 * answered, which each answer's bound ends soon.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpBounds {
  readonly timeoutMs: number;
  readonly maxConnections: number;
}

/** Options for Fastify (and through `http`, Node's server) that bound a connection's time. */
export function timeoutOptions(b: HttpBounds) {
  return {
    connectionTimeout: b.timeoutMs,
    keepAliveTimeout: b.timeoutMs,
    requestTimeout: b.timeoutMs,
    // Node checks the header and request deadlines on this period (30 s unless told).
    http: { headersTimeout: b.timeoutMs, requestTimeout: b.timeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(b.timeoutMs / 2))) },
  };
}

export interface ConnectionCap {
  /** Connections open now. */
  readonly open: () => number;
}

export function capConnections(server: Server, max: number, onShed?: (what: 'oldest idle closed' | 'refused') => void): ConnectionCap {
  const open = new Set<Socket>(); // in order of arrival
  const answering = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    if (open.size >= max) {
      const idle = [...open].find((o) => !answering.has(o));
      if (idle === undefined) {
        s.destroy();
        onShed?.('refused');
        return;
      }
      open.delete(idle);
      idle.destroy();
      onShed?.('oldest idle closed');
    }
    open.add(s);
    s.once('close', () => {
      open.delete(s);
      answering.delete(s);
    });
  });
  server.on('request', (req, res) => {
    if (res.writableFinished) return;
    const s = req.socket;
    answering.add(s);
    res.once('close', () => answering.delete(s));
  });
  return { open: () => open.size };
}
