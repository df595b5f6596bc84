import { describe, expect, it } from 'vitest';
import { deriveEnsemble } from '../../agents/zookeeper-init/ensemble.ts';
import { renderZooCfg, OWNED_KEYS } from '../../agents/zookeeper-init/zoo-cfg.ts';
import { parseProperties } from '../../agents/lib/properties.ts';
import { expectGolden } from '../support/golden.ts';
import { ensembleDefaults } from './defaults.ts';

const settings = { ...ensembleDefaults, dataDir: '/data', dataLogDir: '/datalog' };

function render(podName: string, extra: Partial<typeof settings> = {}, template?: string) {
  const s = { ...settings, ...extra, podName };
  return renderZooCfg({ ...s, ensemble: deriveEnsemble(s), template: template === undefined ? undefined : { path: '/tmpl/zoo.cfg', text: template } });
}

/** The file without its first comment line, which names the pod. */
const body = (cfg: string) => cfg.split('\n').slice(1).join('\n');

describe('renderZooCfg', () => {
  it.each(['zoo-0', 'zoo-1', 'zoo-2'])('%s matches its golden file', (pod) => {
    expectGolden(`zookeeper-init/${pod}.zoo.cfg`, render(pod));
  });

  it('renders the same ensemble on every member', () => {
    expect(body(render('zoo-0'))).toBe(body(render('zoo-2')));
  });

  it('persists both snapshots and transaction logs, and enables the sidecar four-letter words', () => {
    const kv = Object.fromEntries(parseProperties(render('zoo-0')).map((e) => [e.key, e.value]));
    expect(kv).toMatchObject({
      dataDir: '/data',
      dataLogDir: '/datalog',
      standaloneEnabled: 'false',
      '4lw.commands.whitelist': 'srvr,mntr,ruok',
      'admin.enableServer': 'false',
      'autopurge.purgeInterval': '1',
    });
  });

  it('runs a 1-member ensemble standalone', () => {
    const kv = Object.fromEntries(parseProperties(render('zoo-0', { replicas: 1 })).map((e) => [e.key, e.value]));
    expect(kv.standaloneEnabled).toBe('true');
    expect(Object.keys(kv).filter((k) => k.startsWith('server.'))).toEqual(['server.1']);
  });

  it('turns the AdminServer on at ZK_ADMIN_PORT', () => {
    const kv = Object.fromEntries(parseProperties(render('zoo-0', { adminPort: 8180 })).map((e) => [e.key, e.value]));
    expect(kv).toMatchObject({ 'admin.enableServer': 'true', 'admin.serverPort': '8180' });
  });

  it('keeps a template with its comments, and lets it override defaults', () => {
    const cfg = render('zoo-1', {}, '# tuned for big clusters\ntickTime=3000\nglobalOutstandingLimit=2000\n');
    expectGolden('zookeeper-init/zoo-1.with-template.zoo.cfg', cfg);
    const entries = parseProperties(cfg);
    expect(entries.filter((e) => e.key === 'tickTime').map((e) => e.value)).toEqual(['3000']);
    expect(cfg).toContain('# tuned for big clusters');
  });

  it.each([
    ['dataDir=/x', 'dataDir', /ZK_DATA_DIR/],
    ['server.1=a:1:2', 'server.1', /members come from ZK_REPLICAS/],
    ['4lw.commands.whitelist=*', '4lw.commands.whitelist', /sidecar needs srvr,mntr,ruok/],
    ['clientPort=1', 'clientPort', /ZK_CLIENT_PORT/],
    ['admin.serverPort=9', 'admin.serverPort', /ZK_ADMIN_PORT/],
  ])('refuses a template that sets %s', (template, key, fix) => {
    expect(() => render('zoo-0', {}, template)).toThrow(new RegExp(`ZK_CONFIG_TEMPLATE /tmpl/zoo.cfg line 1 sets ${key.replace('.', '\\.')}`));
    expect(() => render('zoo-0', {}, template)).toThrow(fix);
  });

  it('owns every key it derives', () => {
    const derivedSection = render('zoo-0').split('# Derived')[1]!.split('\n').slice(1).join('\n');
    for (const e of parseProperties(derivedSection)) {
      expect(OWNED_KEYS.some((o) => (typeof o === 'string' ? o === e.key : o.test(e.key))), e.key).toBe(true);
    }
  });
});
