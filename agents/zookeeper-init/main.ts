/**
 * zookeeper-init: the init container of the ZooKeeper StatefulSet. Writes myid
 * and the whole static ensemble's zoo.cfg, so the official image runs unmodified.
 */
import { join } from 'node:path';
import { main, type AgentSpec } from '../lib/run-agent.ts';
import { readIfExists, writeIfChanged } from '../lib/atomic-write.ts';
import { ConfigError } from '../lib/exit-codes.ts';
import { ensureWritableDir, pathExists } from '../lib/fs-checks.ts';
import { settings } from './settings.ts';
import { deriveEnsemble } from './ensemble.ts';
import { renderZooCfg } from './zoo-cfg.ts';
import { renderLogbackXml } from './logback-xml.ts';
import { planMyid } from './myid.ts';

export const zookeeperInit: AgentSpec<typeof settings> = {
  name: 'zookeeper-init',
  summary: 'writes myid and zoo.cfg for a member of a ZooKeeper StatefulSet',
  schema: settings,
  validate(c) {
    deriveEnsemble(c);
  },
  async run({ config: c, log }) {
    const ensemble = deriveEnsemble(c);
    let template: { path: string; text: string } | undefined;
    if (c.configTemplate !== undefined) {
      const text = await readIfExists(c.configTemplate);
      if (text === undefined) {
        throw new ConfigError(
          `ZK_CONFIG_TEMPLATE ${c.configTemplate} does not exist: mount the ConfigMap there, or unset ZK_CONFIG_TEMPLATE`,
          'ZK_CONFIG_TEMPLATE',
        );
      }
      template = { path: c.configTemplate, text };
    }
    const zooCfg = renderZooCfg({ ...c, ensemble, template });

    for (const [setting, dir] of [
      ['ZK_CONF_DIR', c.confDir],
      ['ZK_DATA_DIR', c.dataDir],
      ['ZK_DATA_LOG_DIR', c.dataLogDir],
    ] as const) {
      await ensureWritableDir(dir, setting);
    }

    const myidFile = join(c.dataDir, 'myid');
    const plan = planMyid(await readIfExists(myidFile), ensemble.myid, {
      file: myidFile,
      podName: c.podName,
      idOffset: c.idOffset,
    });
    if (plan.action === 'write' && (await pathExists(join(c.dataDir, 'version-2')))) {
      log.warn({ dataDir: c.dataDir }, 'the data directory has ZooKeeper data but no myid; writing the derived id');
    }

    const written: string[] = [];
    const zooCfgPath = join(c.confDir, 'zoo.cfg');
    if (await writeIfChanged(zooCfgPath, zooCfg)) written.push(zooCfgPath);
    const logbackPath = join(c.confDir, 'logback.xml');
    if (await writeIfChanged(logbackPath, renderLogbackXml(c.zkLogLevel))) written.push(logbackPath);
    if (plan.action === 'write' && (await writeIfChanged(myidFile, `${ensemble.myid}\n`))) written.push(myidFile);

    log.info(
      { myid: ensemble.myid, members: ensemble.members.map((m) => `${m.id}=${m.host}`), written, unchanged: written.length === 0 },
      written.length === 0 ? 'already initialised; nothing changed' : 'initialised',
    );
  },
};

main(zookeeperInit);
