import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { selectKubeconfig as select, type KubeconfigFile } from '../../../agents/kafka-init/kube/kubeconfig.ts';

const selectKubeconfig = (files: KubeconfigFile[]) => select(files, parse);

const file = (path: string, text: string): KubeconfigFile => ({ path, text });

const full = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority: ca.crt
- name: dev
  cluster:
    server: https://dev:6443
    certificate-authority-data: Q0E=
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    client-certificate: /pki/admin.crt
    client-key-data: S0VZ
- name: robot
  user:
    tokenFile: secrets/token
contexts:
- name: prod-admin
  context: {cluster: prod, user: admin}
- name: dev-robot
  context: {cluster: dev, user: robot, namespace: kafka}
current-context: prod-admin
`;

describe('kubeconfig', () => {
  it('selects the current context, with paths relative to the file', () => {
    expect(selectKubeconfig([file('/home/u/.kube/config', full)])).toEqual({
      source: 'kubeconfig /home/u/.kube/config (context prod-admin)',
      server: 'https://10.0.0.1:6443',
      ca: { file: '/home/u/.kube/ca.crt' },
      cert: { file: '/pki/admin.crt' },
      key: { data: 'S0VZ' },
      insecureSkipTlsVerify: false,
    });
  });

  it('reads inline CA data, a token file and insecure-skip-tls-verify', () => {
    const sel = selectKubeconfig([file('/k/config', full.replace('current-context: prod-admin', 'current-context: dev-robot'))]);
    expect(sel).toMatchObject({ server: 'https://dev:6443', ca: { data: 'Q0E=' }, token: { file: '/k/secrets/token' }, insecureSkipTlsVerify: true });
  });

  it('merges several files as kubectl does: the first name and the first current-context win', () => {
    const first = file('/a', 'current-context: dev-robot\nclusters:\n- name: dev\n  cluster: {server: "http://127.0.0.1:1"}\n');
    const sel = selectKubeconfig([first, file('/b/config', full)]);
    expect(sel).toMatchObject({ server: 'http://127.0.0.1:1', token: { file: '/b/secrets/token' }, source: 'kubeconfig /a:/b/config (context dev-robot)' });
  });

  it('takes JSON too', () => {
    const json = JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: 'http://x:8080' } }],
      users: [{ name: 'u', user: { token: 'abc' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });
    expect(selectKubeconfig([file('/j', json)])).toMatchObject({ server: 'http://x:8080', token: { value: 'abc' } });
  });

  it.each([
    ['not YAML', 'clusters: [', /\/k is not valid YAML/],
    ['a list', '- a\n- b\n', /is not a kubeconfig/],
    ['no current-context', 'clusters: []\n', /has no current-context: set one/],
    ['an unknown context', 'current-context: nope\n', /current-context "nope" is not among the contexts/],
    ['an unknown cluster', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\n', /names cluster "c", which is not in/],
    ['a cluster without server', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {}\n', /cluster "c" has no server address/],
    ['an unknown user', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: "http://x"}\n', /names user "u", which is not in/],
    ['an exec plugin', full.replace('    tokenFile: secrets/token', '    exec: {command: aws}').replace('current-context: prod-admin', 'current-context: dev-robot'), /authenticates with exec, which kafka-init does not run/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => selectKubeconfig([file('/k', text)])).toThrow(message);
  });
});
