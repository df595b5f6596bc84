/** The parts of Kubernetes API objects kafka-init reads (core/v1 Node, Service, Status). */

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface NodeAddress {
  readonly type: string;
  readonly address: string;
}

export interface KubeNode {
  readonly kind?: 'Node';
  readonly metadata?: ObjectMeta;
  readonly status?: { readonly addresses?: readonly NodeAddress[] };
}

export interface ServicePort {
  readonly name?: string;
  readonly protocol?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

export interface LoadBalancerIngress {
  readonly ip?: string;
  readonly hostname?: string;
}

export interface KubeService {
  readonly kind?: 'Service';
  readonly metadata?: ObjectMeta;
  readonly spec?: { readonly type?: string; readonly ports?: readonly ServicePort[] };
  readonly status?: { readonly loadBalancer?: { readonly ingress?: readonly LoadBalancerIngress[] } };
}

/** What the API server answers on errors (kind: Status). */
export interface KubeStatus {
  readonly kind?: 'Status';
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
}
