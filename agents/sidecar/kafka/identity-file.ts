/** Reads the identity file kafka-init wrote; a missing or bad file names SIDECAR_IDENTITY_FILE and the fix. */
import { AgentError } from '../../lib/exit-codes.ts';
import { InvalidKafkaIdentity, parseKafkaIdentity, type KafkaIdentity } from '../../lib/kafka-identity.ts';
import { readMounted } from './read-mounted.ts';

export async function loadIdentity(file: string): Promise<KafkaIdentity> {
  const fix = 'mount the volume kafka-init writes identity.json to, or point SIDECAR_IDENTITY_FILE at it';
  const text = await readMounted({ path: file, setting: 'SIDECAR_IDENTITY_FILE', encoding: 'utf8', code: 'E_IDENTITY', fix });
  try {
    return parseKafkaIdentity(text);
  } catch (e) {
    if (e instanceof InvalidKafkaIdentity) throw new AgentError('E_IDENTITY', `SIDECAR_IDENTITY_FILE ${file}: ${e.message}; rerun kafka-init of the same release`);
    throw e;
  }
}
