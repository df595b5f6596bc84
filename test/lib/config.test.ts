import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../agents/lib/exit-codes.ts';
import { helpText, parseArgs, resolveConfig, setting, effectiveConfig, parseDurationMs } from '../../agents/lib/config/index.ts';

const schema = {
  name: setting.string({ env: 'POD_NAME', fallbackEnv: ['HOSTNAME'], required: true, help: 'Pod name' }),
  replicas: setting.int({ env: 'ZK_REPLICAS', min: 1, default: 3, help: 'Replicas' }),
  port: setting.port({ env: 'ZK_CLIENT_PORT', default: 2181, help: 'Port' }),
  mode: setting.oneOf(['none', 'nodeport'] as const, { env: 'MODE', default: 'none', help: 'Mode' }),
  verbose: setting.bool({ env: 'VERBOSE', default: false, help: 'Verbose' }),
  interval: setting.duration({ env: 'INTERVAL', default: 5000, minMs: 100, help: 'Interval' }),
  dir: setting.path({ env: 'DATA_DIR', default: '/data', help: 'Dir' }),
  template: setting.optionalPath({ env: 'TEMPLATE', help: 'Template' }),
  types: setting.list({ env: 'TYPES', default: ['a', 'b'], allowed: ['a', 'b', 'c'], help: 'Types' }),
  token: setting.string({ env: 'TOKEN', default: '', secret: true, help: 'Token' }),
};

function resolve(argv: string[], env: Record<string, string>) {
  return resolveConfig(schema, parseArgs(schema, argv), env);
}

describe('resolveConfig precedence', () => {
  it.each([
    ['default', [], { POD_NAME: 'zoo-0' }, 3, 'default'],
    ['env', [], { POD_NAME: 'zoo-0', ZK_REPLICAS: '5' }, 5, 'env'],
    ['flag over env', ['--zk-replicas', '7'], { POD_NAME: 'zoo-0', ZK_REPLICAS: '5' }, 7, 'flag'],
    ['flag=value', ['--zk-replicas=9'], { POD_NAME: 'zoo-0' }, 9, 'flag'],
  ] as const)('%s', (_, argv, env, want, source) => {
    const r = resolve([...argv], env);
    expect(r.config.replicas).toBe(want);
    expect(r.sources.replicas).toBe(source);
  });

  it('falls back to HOSTNAME when POD_NAME is unset', () => {
    expect(resolve([], { HOSTNAME: 'zoo-2' }).config.name).toBe('zoo-2');
    expect(resolve([], { HOSTNAME: 'zoo-2', POD_NAME: 'zoo-1' }).config.name).toBe('zoo-1');
  });

  it('parses every kind', () => {
    const c = resolve(['--verbose', '--types', 'c,a'], {
      POD_NAME: 'x-0',
      MODE: 'nodeport',
      INTERVAL: '1.5s',
      TEMPLATE: '/etc/t.cfg',
    }).config;
    expect(c).toMatchObject({ verbose: true, types: ['c', 'a'], mode: 'nodeport', interval: 1500, template: '/etc/t.cfg' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats an empty optional path as unset', () => {
    expect(resolve([], { POD_NAME: 'x-0', TEMPLATE: '' }).config.template).toBeUndefined();
  });
});

describe('configuration errors name the setting and the fix', () => {
  it.each([
    ['missing required', [], {}, /missing setting: set \$POD_NAME \(or \$HOSTNAME\) or --pod-name/, 'POD_NAME'],
    ['not an integer', [], { POD_NAME: 'a-0', ZK_REPLICAS: 'three' }, /--zk-replicas \(\$ZK_REPLICAS\): must be a positive integer, got "three"/, 'ZK_REPLICAS'],
    ['zero replicas', [], { POD_NAME: 'a-0', ZK_REPLICAS: '0' }, /must be a positive integer, got 0/, 'ZK_REPLICAS'],
    ['port too big', [], { POD_NAME: 'a-0', ZK_CLIENT_PORT: '70000' }, /must be a TCP port from 1 to 65535, got 70000/, 'ZK_CLIENT_PORT'],
    ['port zero via flag', ['--zk-client-port', '0'], { POD_NAME: 'a-0' }, /^invalid setting --zk-client-port: must be a TCP port/, 'ZK_CLIENT_PORT'],
    ['enum', [], { POD_NAME: 'a-0', MODE: 'NodePort' }, /must be one of none, nodeport, got "NodePort"/, 'MODE'],
    ['bool', [], { POD_NAME: 'a-0', VERBOSE: 'maybe' }, /must be true or false/, 'VERBOSE'],
    ['duration', [], { POD_NAME: 'a-0', INTERVAL: '5' }, /must be a duration like 500ms/, 'INTERVAL'],
    ['duration too short', [], { POD_NAME: 'a-0', INTERVAL: '10ms' }, /must be at least 100ms/, 'INTERVAL'],
    ['relative path', [], { POD_NAME: 'a-0', DATA_DIR: 'data' }, /must be an absolute path/, 'DATA_DIR'],
    ['unknown list item', [], { POD_NAME: 'a-0', TYPES: 'a,z' }, /unknown item\(s\) z; allowed: a, b, c/, 'TYPES'],
    ['duplicate list item', [], { POD_NAME: 'a-0', TYPES: 'a,a' }, /lists a twice/, 'TYPES'],
    ['unknown flag', ['--zk-replica', '3'], { POD_NAME: 'a-0' }, /unknown flag --zk-replica/, '--zk-replica'],
    ['flag without value', ['--zk-replicas'], { POD_NAME: 'a-0' }, /--zk-replicas needs a value/, 'ZK_REPLICAS'],
    ['flag twice', ['--zk-replicas', '1', '--zk-replicas=2'], { POD_NAME: 'a-0' }, /given twice/, 'ZK_REPLICAS'],
    ['positional', ['zoo-0'], { POD_NAME: 'a-0' }, /unexpected argument "zoo-0"/, undefined],
  ] as const)('%s', (_, argv, env, message, settingName) => {
    let err: unknown;
    try {
      resolve([...argv], env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(message);
    expect((err as ConfigError).setting).toBe(settingName);
    expect((err as ConfigError).exitCode).toBe(2);
  });
});

describe('help and effective config', () => {
  it('lists flag and env side by side with defaults', () => {
    const text = helpText('demo', 'does things', schema);
    expect(text).toContain('--zk-replicas <int>, $ZK_REPLICAS');
    expect(text).toContain('--pod-name <string>, $POD_NAME (or $HOSTNAME)');
    expect(text).toMatch(/Replicas \(default: 3\)/);
    expect(text).toMatch(/Pod name \(required\)/);
  });

  it('redacts secrets', () => {
    const c = resolve([], { POD_NAME: 'a-0', TOKEN: 's3cret' }).config;
    const eff = effectiveConfig(schema, c);
    expect(eff.TOKEN).toBe('<redacted>');
    expect(JSON.stringify(eff)).not.toContain('s3cret');
    expect(eff.INTERVAL).toBe('5s');
  });

  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['1.5m', 90000],
    ['2h', 7200000],
  ])('parses duration %s', (raw, ms) => {
    expect(parseDurationMs(raw)).toBe(ms);
  });
});
