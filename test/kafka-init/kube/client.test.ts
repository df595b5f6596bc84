// KubeClient against the API double, in-process: the calls, the retries and
// the errors (the bundle tests cover the same through the process).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../agents/kafka-init/kube/client.ts';
import type { KubeConnection } from '../../../agents/kafka-init/kube/connection.ts';
import type { KubeNode } from '../../../agents/kafka-init/kube/types.ts';
import { forbidden, node, nodePath, serverError, startKubeApiDouble, type KubeApiDouble } from '../../support/kube-api-double.ts';

let api: KubeApiDouble;
let conn: KubeConnection;
beforeAll(async () => {
  api = await startKubeApiDouble({ https: true });
  conn = { server: new URL(api.url), token: api.token, ca: Buffer.from(api.caPem!), insecureSkipTlsVerify: false, source: 'test' };
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clear().put(node({ name: 'n1', labels: { zone: 'a' }, addresses: [['InternalIP', '10.0.0.1']] }));
});

const client = (overrides: Partial<ConstructorParameters<typeof KubeClient>[1]> = {}, c: KubeConnection = conn) =>
  new KubeClient(c, { timeoutMs: 200, retries: 2, backoffMs: 1, ...overrides });
const N1 = { kind: 'node', name: 'n1' } as const;

describe('KubeClient', () => {
  it('gets a Node over HTTPS with the bearer token', async () => {
    const n = await client().get<KubeNode>(N1);
    expect(n.metadata?.labels?.zone).toBe('a');
    expect(api.requests).toEqual([{ method: 'GET', path: nodePath('n1'), authorization: `Bearer ${api.token}`, answered: 200 }]);
  });

  it.each([
    ['403', forbidden('nodes', 'n1'), /not allowed to read node n1 \(403: .*\): grant get on nodes/, 1],
    ['401', { status: 401, body: { kind: 'Status', code: 401, message: 'Unauthorized' } }, /refused the credentials of test \(401: Unauthorized\)/, 1],
    ['400', { status: 400, body: { kind: 'Status', code: 400, message: 'bad request' } }, /failed after 1 attempt\(s\) \(HTTP 400: bad request\)/, 1],
    ['404 every time', { status: 404, body: {} }, /node n1 not found after 3 attempt\(s\): check NODE_NAME/, 3],
    ['500 every time', serverError(), /failed after 3 attempt\(s\) \(HTTP 500: Internal error occurred/, 3],
    ['no answer', { hang: true as const }, /after 3 attempt\(s\) \(ETIMEDOUT: no answer within 200 ms/, 3],
    ['a body that is not JSON', { status: 200, body: '<html>' }, /answered node n1 with something that is not JSON/, 1],
  ])('%s: %s after %i request(s)', async (_name, reply, message, calls) => {
    api.always(nodePath('n1'), reply);
    await expect(client().get(N1)).rejects.toThrow(message);
    expect(api.requests).toHaveLength(calls);
  });

  it('retries until an answer comes', async () => {
    // The slow answer takes 5x the timeout, so a loaded machine's own delays cannot be mistaken for it.
    api.script(nodePath('n1'), serverError(), { status: 404, body: {} }, { status: 200, body: {}, delayMs: 3_000 });
    const n = await client({ retries: 3, timeoutMs: 600 }).get<KubeNode>(N1);
    expect(n.metadata?.name).toBe('n1');
    expect(api.requests.map((r) => r.answered)).toEqual([500, 404, 200, 200]);
  });

  it('stops waiting when the signal aborts', async () => {
    api.always(nodePath('n1'), { hang: true });
    const stop = new AbortController();
    const pending = client({ timeoutMs: 10_000, signal: stop.signal }).get(N1);
    setTimeout(() => stop.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'TransportError', code: 'EABORTED' });
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    const { ca: _ca, ...untrusted } = conn;
    await expect(client({}, untrusted).get(N1)).rejects.toThrow(/cannot reach the Kubernetes API at https:\/\/127.0.0.1:\d+ securely/);
  });
});
