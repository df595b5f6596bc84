/**
 * NodePort Services played on the node's address, as kube-proxy does with externalTrafficPolicy Local:
 * a listener on <node address>:<nodePort> in this process hands each connection to the one pod the
 * Service selects, at its target port. A pod that is gone refuses (the connection is closed), as a node
 * without a local endpoint drops it.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { splice } from '../relay.ts';

export interface NodePortRoute {
  readonly nodePort: number;
  readonly podIP: string;
  readonly targetPort: number;
}

export interface NodePorts {
  close(): Promise<void>;
}

export async function playNodePorts(nodeAddress: string, routes: readonly NodePortRoute[]): Promise<NodePorts> {
  const servers: Server[] = [];
  for (const r of routes) {
    const server = createServer((c) => splice(c, createConnection({ host: r.podIP, port: r.targetPort })));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(r.nodePort, nodeAddress, resolve);
    });
    servers.push(server);
  }
  return {
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
