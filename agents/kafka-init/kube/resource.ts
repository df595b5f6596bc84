/** The two objects kafka-init reads, their API paths, and the RBAC rule each needs (the one place that text lives). */

export type KubeResource =
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'service'; readonly name: string; readonly namespace: string };

export function resourcePath(r: KubeResource): string {
  return r.kind === 'node'
    ? `/api/v1/nodes/${encodeURIComponent(r.name)}`
    : `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/services/${encodeURIComponent(r.name)}`;
}

export function describeResource(r: KubeResource): string {
  return r.kind === 'node' ? `node ${r.name}` : `Service ${r.name} in namespace ${r.namespace}`;
}

/**
 * What to grant when the API answers 403, naming the manifest that grants it
 * (bound to the Kafka pods' ServiceAccount, kafka).
 */
export function missingRule(r: KubeResource): string {
  return r.kind === 'node'
    ? "grant get on nodes (ClusterRole kafka-node-reader in manifests/kafka/11-rbac-nodes.yaml, bound to the Kafka pods' ServiceAccount)"
    : `grant get on services in namespace ${r.namespace} (Role kafka-service-reader in manifests/components/service-reader/10-rbac-services.yaml, part of the external-nodeport and external-loadbalancer components)`;
}

/** What to do when the object is still missing after the retries. */
export function notFoundHint(r: KubeResource): string {
  return r.kind === 'node'
    ? 'check NODE_NAME (downward API spec.nodeName)'
    : 'create it (the external-access Services in manifests/), or set KAFKA_EXTERNAL_SERVICE_TEMPLATE to the name your Services have';
}
