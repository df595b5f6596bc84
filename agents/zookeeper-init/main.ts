/**
 * zookeeper-init: the init container of the ZooKeeper StatefulSet. Writes myid
 * and the whole static ensemble's zoo.cfg, so the official image runs unmodified.
 */
import { join } from 'node:path';
import { main, type AgentSpec } from '../lib/run-agent.ts';
import { pathExists } from '../lib/fs-checks.ts';
import { ensureDirs, logInitialised, readTemplate, writeOutputs, type Output } from '../lib/init-files.ts';
import { readSmallFile } from '../lib/read-file.ts';
import { settings } from './settings.ts';
import { planMember, type MemberPlan } from './plan.ts';
import { renderZooCfg } from './zoo-cfg.ts';
import { renderLogbackXml } from './logback-xml.ts';
import { planMyid } from './myid.ts';

export const zookeeperInit: AgentSpec<typeof settings, MemberPlan> = {
  name: 'zookeeper-init',
  summary: 'writes myid and zoo.cfg for a member of a ZooKeeper StatefulSet',
  schema: settings,
  plan: planMember,
  async run({ config: c, plan: { ensemble, files }, log }) {
    const template = await readTemplate(c.configTemplate, 'ZK_CONFIG_TEMPLATE');
    const zooCfg = renderZooCfg({ ...c, ensemble, template });

    await ensureDirs([
      ['ZK_CONF_DIR', c.confDir],
      ['ZK_DATA_DIR', c.dataDir],
      ['ZK_DATA_LOG_DIR', c.dataLogDir],
    ]);
    const existing = await readSmallFile({ path: files.myid, setting: 'ZK_DATA_DIR', maxBytes: 4096, encoding: 'utf8' });
    const myid = planMyid(existing, ensemble.myid, { file: files.myid, podName: c.podName, idOffset: c.idOffset });
    if (myid.action === 'write' && (await pathExists(join(c.dataDir, 'version-2')))) {
      log.warn({ dataDir: c.dataDir }, 'the data directory has ZooKeeper data but no myid; writing the derived id');
    }

    const outputs: Output[] = [
      { path: files.zooCfg, content: zooCfg, setting: 'ZK_CONF_DIR', encoding: 'latin1' },
      { path: files.logbackXml, content: renderLogbackXml(c.zkLogLevel), setting: 'ZK_CONF_DIR' },
    ];
    if (myid.action === 'write') outputs.push({ path: files.myid, content: `${ensemble.myid}\n`, setting: 'ZK_DATA_DIR' });
    const written = await writeOutputs(outputs);
    logInitialised(log, { myid: ensemble.myid, members: ensemble.members.map((m) => `${m.id}=${m.host}`) }, written);
  },
};

main(zookeeperInit);
