/**
 * The certificates and keys of a throwaway control plane, made with openssl (ECDSA P-256, valid two
 * days): one CA; the API server's serving certificate for 127.0.0.1 and localhost; client certificates
 * whose subject is the identity RBAC sees (CN = user, O = group); the service account signing key pair.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
  /** A client certificate and key for `user` in `groups`, made on first use. */
  client(user: string, groups?: readonly string[]): { cert: string; key: string };
  /** A serving certificate for a node's kubelet, valid for its name and address. */
  serving(name: string, address: string): { cert: string; key: string };
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(file: string): string {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  return file;
}

let serial = 1;

/** A leaf certificate signed by the CA, with the extensions given as openssl config lines. */
function sign(dir: string, name: string, subject: string, extensions: readonly string[]): { cert: string; key: string } {
  const key = newKey(join(dir, `${name}.key`));
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const cert = join(dir, `${name}.crt`);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  writeFileSync(ext, ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', ...extensions].join('\n') + '\n');
  openssl(['x509', '-req', '-in', csr, '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-set_serial', String(serial++), '-days', '2', '-extfile', ext, '-out', cert]);
  return { cert, key };
}

/** `addresses`: more IP addresses the API server's certificate is valid for (a node's pods reach it there). */
export function makePki(dir: string, addresses: readonly string[] = []): Pki {
  const caKey = newKey(join(dir, 'ca.key'));
  const caCert = join(dir, 'ca.crt');
  openssl(['req', '-x509', '-new', '-key', caKey, '-subj', '/CN=kafka-test-kubernetes-ca', '-days', '2', '-out', caCert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const server = sign(dir, 'apiserver', '/CN=kube-apiserver', [
    'extendedKeyUsage = serverAuth',
    `subjectAltName = ${['IP:127.0.0.1', ...addresses.map((a) => `IP:${a}`)].join(', ')}, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local`,
  ]);
  const serviceAccountKey = newKey(join(dir, 'service-account.key'));
  const serviceAccountPub = join(dir, 'service-account.pub');
  openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]);
  const clients = new Map<string, { cert: string; key: string }>();
  return {
    dir,
    caCert,
    caKey,
    serverCert: server.cert,
    serverKey: server.key,
    serviceAccountKey,
    serviceAccountPub,
    client(user, groups = []) {
      const name = `client-${user.replace(/[^a-z0-9-]/gi, '-')}`;
      if (!clients.has(name)) {
        const subject = [...groups.map((g) => `/O=${g}`), `/CN=${user}`].join('');
        clients.set(name, sign(dir, name, subject, ['extendedKeyUsage = clientAuth']));
      }
      return clients.get(name)!;
    },
    serving(name, address) {
      return sign(dir, `serving-${name}`, `/CN=${name}`, ['extendedKeyUsage = serverAuth', `subjectAltName = IP:${address}, DNS:${name}`]);
    },
  };
}

/** A kubeconfig with everything inline: the server, its CA and a client certificate. */
export function kubeconfigText(server: string, caCert: string, client: { cert: string; key: string }, name = 'kafka-test'): string {
  const b64 = (f: string) => readFileSync(f).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(caCert)}`,
    'users:',
    `- name: ${name}`,
    '  user:',
    `    client-certificate-data: ${b64(client.cert)}`,
    `    client-key-data: ${b64(client.key)}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}
