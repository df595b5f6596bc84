/** Reads the identity file kafka-init wrote; a missing or bad file names SIDECAR_IDENTITY_FILE and the fix. */
import { AgentError } from '../../lib/exit-codes.ts';
import { MIB, readSmallFile } from '../../lib/read-file.ts';
import { InvalidKafkaIdentity, parseKafkaIdentity, type KafkaIdentity } from '../../lib/kafka-identity.ts';

export async function loadIdentity(file: string): Promise<KafkaIdentity> {
  const mount = 'mount the volume kafka-init writes identity.json to, or point SIDECAR_IDENTITY_FILE at it';
  let text: string | undefined;
  try {
    // Non-blocking and bounded: a FIFO or a device there must not hang the sidecar's start.
    text = await readSmallFile({ path: file, setting: 'SIDECAR_IDENTITY_FILE', maxBytes: MIB, encoding: 'utf8' });
  } catch (e) {
    throw new AgentError('E_IDENTITY', `${(e as Error).message}; ${mount}`);
  }
  if (text === undefined) throw new AgentError('E_IDENTITY', `SIDECAR_IDENTITY_FILE ${file} cannot be read (ENOENT): ${mount}`);
  try {
    return parseKafkaIdentity(text);
  } catch (e) {
    if (e instanceof InvalidKafkaIdentity) throw new AgentError('E_IDENTITY', `SIDECAR_IDENTITY_FILE ${file}: ${e.message}; rerun kafka-init of the same release`);
    throw e;
  }
}
