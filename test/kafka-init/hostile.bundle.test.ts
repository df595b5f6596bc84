// dist/kafka-init.js against untrusted input: Nodes and Services from the API of the wrong shape or
// with values that are no host, port or label value; settings naming the same file; data-directory
// names Kafka would read as something else; files on the volume that would block or that Kafka reads
// differently. Each refusal: its exit code, a message naming the object and field (or both settings)
// and the fix, and nothing written. The API double serves those objects: a real API server refuses most
// of them, and serves none of the wrong shape.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { javaProperties } from '../support/java.ts';
import { node, service } from '../support/kube-api-double.ts';
import { errorMessage, NAMESPACE, useHarness, ZONE_LABEL } from './harness.ts';

const h = useHarness((x) => x.seedCluster());

type Obj = Record<string, unknown>;

function nodeWith(edit: (n: Obj) => void): Obj {
  const n = node({ name: 'n0', labels: { [ZONE_LABEL]: 'zone-a' }, addresses: [['InternalIP', '10.0.0.10'], ['ExternalIP', '203.0.113.10']] });
  edit(n);
  return n;
}

function serviceWith(edit: (s: Obj) => void, type: 'NodePort' | 'LoadBalancer' = 'NodePort'): Obj {
  const s = service({ name: 'outside-0', namespace: NAMESPACE, type, ports: [{ name: 'external', port: 32400, targetPort: 9094, nodePort: 32400 }], ...(type === 'LoadBalancer' && { ingress: [{ hostname: 'lb.example.com' }] }) });
  edit(s);
  return s;
}

const status = (o: Obj) => o.status as Obj;
const spec = (o: Obj) => o.spec as Obj;
const meta = (o: Obj) => o.metadata as Obj;

function expectRefused(run: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp): void {
  expect(run.code, run.stdout + run.stderr).toBe(code);
  expect(errorMessage(run as never)).toMatch(message);
  expect(readdirSync(h().dir).filter((f) => f === 'etc' || f === 'data').flatMap((d) => readdirSync(join(h().dir, d)))).toEqual([]);
}

describe('Kubernetes API objects are untrusted input (exit 1, naming object and field)', () => {
  it.each([
    ['status.addresses a string', nodeWith((n) => (status(n).addresses = 'x')), /node n0 status.addresses is a string \("x"\), not a list/],
    ['status.addresses an object', nodeWith((n) => (status(n).addresses = { a: 1 })), /node n0 status.addresses is an object .*, not a list/],
    ['an address a number', nodeWith((n) => (status(n).addresses = [{ type: 'ExternalIP', address: 7 }])), /node n0 status.addresses\[0\].address is a number \(7\), not a string/],
    ['an address without type', nodeWith((n) => (status(n).addresses = [{ address: '1.2.3.4' }])), /node n0 status.addresses\[0\].type is missing/],
    ['status a list', nodeWith((n) => (n.status = [])), /node n0 status is a list \(\[\]\), not an object/],
    ['metadata.labels a list', nodeWith((n) => (meta(n).labels = ['zone-a'])), /node n0 metadata.labels is a list \(\["zone-a"\]\), not an object/],
    ['a label value a number', nodeWith((n) => (meta(n).labels = { [ZONE_LABEL]: 1 })), /node n0 metadata.labels\["topology.kubernetes.io\/zone"\] is a number \(1\), not a string/],
    ['the body a list', [] as unknown as Obj, /node n0 {2}is a list \(\[\]\), not an object/],
    ['an address with a space', nodeWith((n) => (status(n).addresses = [{ type: 'InternalIP', address: '10.0.0.10' }, { type: 'ExternalIP', address: 'a b' }])), /node n0 status.addresses\[1\].address "a b" is neither a DNS name nor an IP address/],
    ['an address with a line break', nodeWith((n) => (status(n).addresses = [{ type: 'ExternalIP', address: '1.2.3.4\nbroker.id=9' }])), /node n0 status.addresses\[0\].address "1.2.3.4\\nbroker.id=9" is neither/],
    ['an address with a port', nodeWith((n) => (status(n).addresses = [{ type: 'ExternalIP', address: '1.2.3.4:99' }])), /status.addresses\[0\].address "1.2.3.4:99" is neither/],
    ['a zone label with a CR', nodeWith((n) => (meta(n).labels = { [ZONE_LABEL]: 'a\rbroker.id=9' })), /node n0 metadata.labels\["topology.kubernetes.io\/zone"\] "a\\rbroker.id=9" is not a valid label value/],
    ['a zone label of 64 characters', nodeWith((n) => (meta(n).labels = { [ZONE_LABEL]: 'z'.repeat(64) })), /is not a valid label value \(at most 63 characters/],
  ])('a Node with %s', async (_name, body, message) => {
    h().api.putAt('/api/v1/nodes/n0', body);
    expectRefused(await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport' })), 1, message);
  });

  it.each([
    ['spec.ports an object', serviceWith((s) => (spec(s).ports = { port: 1 })), /Service outside-0 spec.ports is an object .*, not a list/],
    ['a port a string', serviceWith((s) => (spec(s).ports = [{ port: '32400' }])), /Service outside-0 spec.ports\[0\].port is a string \("32400"\), not a number/],
    ['a port out of range', serviceWith((s) => (spec(s).ports = [{ port: 70000, targetPort: 9094 }])), /Service outside-0 spec.ports\[0\].port is 70000, not a port from 1 to 65535/],
    ['a nodePort out of range', serviceWith((s) => (spec(s).ports = [{ port: 9094, targetPort: 9094, nodePort: -1 }])), /spec.ports\[0\].nodePort is -1, not a port/],
    ['a nodePort not an integer', serviceWith((s) => (spec(s).ports = [{ port: 9094, targetPort: 9094, nodePort: 32400.5 }])), /spec.ports\[0\].nodePort is 32400.5, not a port/],
    ['a port without a number', serviceWith((s) => (spec(s).ports = [{ name: 'external' }])), /spec.ports\[0\].port is missing/],
    ['spec.type a number', serviceWith((s) => (spec(s).type = 3)), /Service outside-0 spec.type is a number \(3\), not a string/],
  ])('a NodePort Service with %s', async (_name, body, message) => {
    h().api.putAt('/api/v1/namespaces/kafka/services/outside-0', body);
    expectRefused(await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_RACK_LABEL: '' })), 1, message);
  });

  it.each([
    ['ingress a string', serviceWith((s) => (status(s).loadBalancer = { ingress: 'lb' }), 'LoadBalancer'), /Service outside-0 status.loadBalancer.ingress is a string \("lb"\), not a list/],
    ['a hostname a number', serviceWith((s) => (status(s).loadBalancer = { ingress: [{ hostname: 5 }] }), 'LoadBalancer'), /status.loadBalancer.ingress\[0\].hostname is a number \(5\), not a string/],
    ['a hostname with a space', serviceWith((s) => (status(s).loadBalancer = { ingress: [{ hostname: 'lb example' }] }), 'LoadBalancer'), /Service outside-0 status.loadBalancer.ingress\[0\].hostname "lb example" is not a DNS name/],
    ['a hostname that is an IP', serviceWith((s) => (status(s).loadBalancer = { ingress: [{ hostname: '1.2.3.4' }] }), 'LoadBalancer'), /ingress\[0\].hostname "1.2.3.4" is not a DNS name/],
    ['an ip that is a name', serviceWith((s) => (status(s).loadBalancer = { ingress: [{ ip: 'lb.example.com' }] }), 'LoadBalancer'), /Service outside-0 status.loadBalancer.ingress\[0\].ip "lb.example.com" is not an IP address/],
    ['an ip with a line break', serviceWith((s) => (status(s).loadBalancer = { ingress: [{}, { ip: '1.2.3.4\rx=y' }] }), 'LoadBalancer'), /ingress\[1\].ip "1.2.3.4\\rx=y" is not an IP address/],
  ])('a LoadBalancer Service with %s', async (_name, body, message) => {
    h().api.putAt('/api/v1/namespaces/kafka/services/outside-0', body);
    expectRefused(await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_RACK_LABEL: '' })), 1, message);
  });
});

describe('settings that name the same file, or a directory Kafka would misread (exit 2, naming both)', () => {
  it.each([
    ['KAFKA_CONFIG_OUT == KAFKA_IDENTITY_OUT', { KAFKA_IDENTITY_OUT: 'ROOT/etc/server.properties' }, /KAFKA_IDENTITY_OUT .*etc\/server.properties is the same file as KAFKA_CONFIG_OUT .*: KAFKA_IDENTITY_OUT and KAFKA_CONFIG_OUT must not overlap/],
    ['KAFKA_CONFIG_OUT = meta.properties', { KAFKA_CONFIG_OUT: 'ROOT/data/meta.properties' }, /KAFKA_CONFIG_OUT .* is the same file as meta.properties, which Kafka keeps in KAFKA_DATA_DIR/],
    ['KAFKA_IDENTITY_OUT = the .lock file', { KAFKA_IDENTITY_OUT: 'ROOT/data/.lock' }, /KAFKA_IDENTITY_OUT .* is the same file as .lock, which Kafka keeps in KAFKA_DATA_DIR/],
    ['KAFKA_CONFIG_TEMPLATE == KAFKA_CONFIG_OUT', { KAFKA_CONFIG_TEMPLATE: 'ROOT/etc/server.properties' }, /KAFKA_CONFIG_OUT .* is the same file as KAFKA_CONFIG_TEMPLATE .*: KAFKA_CONFIG_OUT and KAFKA_CONFIG_TEMPLATE must not overlap/],
    ['KAFKA_CONFIG_TEMPLATE = meta.properties', { KAFKA_CONFIG_TEMPLATE: 'ROOT/data/meta.properties' }, /KAFKA_CONFIG_TEMPLATE .* is the same file as meta.properties/],
    ['KAFKA_CONFIG_OUT is KAFKA_DATA_DIR', { KAFKA_CONFIG_OUT: 'ROOT/data' }, /KAFKA_CONFIG_OUT .*data is the same path as KAFKA_DATA_DIR .*, one a file and the other a directory/],
    ['KAFKA_CONFIG_OUT in a subdirectory of the data dir', { KAFKA_CONFIG_OUT: 'ROOT/data/etc/server.properties' }, /KAFKA_CONFIG_OUT .* is inside a subdirectory of KAFKA_DATA_DIR .*, which Kafka reads as a partition directory/],
    ['KAFKA_DATA_DIR under KAFKA_IDENTITY_OUT', { KAFKA_DATA_DIR: 'ROOT/etc/identity.json/data' }, /KAFKA_IDENTITY_OUT .* is under KAFKA_DATA_DIR|is under KAFKA_IDENTITY_OUT .*, which is a file/],
    ['the same file spelled differently', { KAFKA_IDENTITY_OUT: 'ROOT/etc/./x/../server.properties' }, /is the same file as KAFKA_CONFIG_OUT/],
    ['a data dir with a comma', { KAFKA_DATA_DIR: 'ROOT/data,/tmp/evil' }, /KAFKA_DATA_DIR ".*data,\/tmp\/evil" has a ",", which the server reads as a list separator \(two directories\)/],
    ['a data dir with a CR', { KAFKA_DATA_DIR: 'ROOT/data\rbroker.id=9' }, /KAFKA_DATA_DIR ".*" has a line break/],
    ['a data dir ending in a space', { KAFKA_DATA_DIR: 'ROOT/data ' }, /KAFKA_DATA_DIR ".*data " begins or ends with whitespace/],
  ])('%s', async (_name, over: Record<string, string>, message) => {
    const env = h().env(0, Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v.replace('ROOT', h().dir)])));
    const run = await h().run(env);
    expectRefused(run, 2, message);
    expect(h().api.requests).toHaveLength(0);
  });
});

describe('files that would block, that Java refuses, or that Kafka reads differently', () => {
  it.each([
    ['a FIFO template', 'template', 'FIFO', 2, /KAFKA_CONFIG_TEMPLATE .*template is a FIFO \(named pipe\), which could block a reader forever/],
    ['a directory template', 'template', 'DIR', 2, /KAFKA_CONFIG_TEMPLATE .*template is a directory, not a regular file/],
    ['a huge template', 'template', 'HUGE', 2, /KAFKA_CONFIG_TEMPLATE .*template is 1048577 bytes, more than the 1048576/],
    ['a malformed \\u escape in the template', 'template', 'num.partitions=3\r\nssl.key.password=\\uabc\n', 2, /KAFKA_CONFIG_TEMPLATE .* line 2 has a malformed \\uXXXX escape \(\\uabc\), which Java.s Properties.load refuses/],
    ['a FIFO meta.properties', 'data/meta.properties', 'FIFO', 1, /KAFKA_DATA_DIR .*meta.properties is a FIFO \(named pipe\)/],
    ['a directory meta.properties', 'data/meta.properties', 'DIR', 1, /KAFKA_DATA_DIR .*meta.properties is a directory/],
    ['meta.properties with broker.id set twice (Java takes the last)', 'data/meta.properties', 'version=0\nbroker.id=0\nbroker.id=5\n', 1, /says broker.id 5, but this pod kafka-0 is broker 0/],
    ['meta.properties with broker.id over CR', 'data/meta.properties', 'version=0\rbroker.id=4\r', 1, /says broker.id 4/],
    ['meta.properties with an escaped key', 'data/meta.properties', 'broker\\u002eid=6\n', 1, /says broker.id 6/],
    ['meta.properties Java refuses', 'data/meta.properties', 'broker.id=\\u00\n', 1, /meta.properties line 1 has a malformed \\uXXXX escape.*Kafka would not start with it/],
    ['a server.properties output that is a FIFO', 'etc/server.properties', 'FIFO', 1, /KAFKA_CONFIG_OUT .*server.properties is not a regular file, where this agent writes a file/],
  ])('%s', async (_name, file, content, code, message) => {
    const path = h().path(file);
    rmSync(path, { recursive: true, force: true });
    mkdirSync(join(path, '..'), { recursive: true });
    if (content === 'FIFO') execFileSync('mkfifo', [path]);
    else if (content === 'DIR') mkdirSync(path);
    else if (content === 'HUGE') writeFileSync(path, Buffer.alloc(1024 * 1024 + 1, 0x23));
    else writeFileSync(path, content);
    const run = await h().run(h().env(0, file === 'template' ? { KAFKA_CONFIG_TEMPLATE: path, KAFKA_RACK_LABEL: '' } : { KAFKA_RACK_LABEL: '' }));
    expect(run.signal).toBeNull();
    expect(run.code, run.stdout + run.stderr).toBe(code);
    expect(errorMessage(run)).toMatch(message);
    expect(run.identity).toBeUndefined();
  });

  it('meta.properties with the id last of two is accepted, and the rendered file reads the same in the JVM', async () => {
    mkdirSync(h().path('data'));
    rmSync(h().path('template'), { recursive: true, force: true });
    writeFileSync(h().path('data/meta.properties'), 'version=0\nbroker.id=5\nbroker.id=0\n');
    const template = h().write('template', '# Größe\nnum.partitions=3\rssl.key.password=caf\u00e9 \n');
    const run = await h().run(h().env(0, { KAFKA_CONFIG_TEMPLATE: template, KAFKA_RACK_LABEL: '' }));
    expect(run.code, run.stderr).toBe(0);
    const out = h().path('etc/server.properties');
    // The template's bytes are kept as they are: the JVM reads the template and the output alike.
    expect(readFileSync(out).includes(readFileSync(template))).toBe(true);
    const java = javaProperties([template, out]);
    expect(java.get(out)).toMatchObject(java.get(template)!);
    expect(java.get(out)!['ssl.key.password']).toBe('cafÃ© ');
  });
});
