/** How to reach the Kubernetes API: address, trust, and credentials. */

export interface KubeConnection {
  /** e.g. https://10.96.0.1:443 */
  readonly server: URL;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
  readonly insecureSkipTlsVerify: boolean;
  /** For messages: "the in-cluster service account" or "kubeconfig /path (context ctx)". */
  readonly source: string;
}
