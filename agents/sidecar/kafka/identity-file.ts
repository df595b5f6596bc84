/** Reads the identity file kafka-init wrote; a missing or bad file names SIDECAR_IDENTITY_FILE and the fix. */
import { readFile } from 'node:fs/promises';
import { AgentError } from '../../lib/exit-codes.ts';
import { InvalidKafkaIdentity, parseKafkaIdentity, type KafkaIdentity } from '../../lib/kafka-identity.ts';

export async function loadIdentity(file: string): Promise<KafkaIdentity> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AgentError(
      'E_IDENTITY',
      `SIDECAR_IDENTITY_FILE ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): mount the volume kafka-init writes identity.json to, or point SIDECAR_IDENTITY_FILE at it`,
    );
  }
  try {
    return parseKafkaIdentity(text);
  } catch (e) {
    if (e instanceof InvalidKafkaIdentity) throw new AgentError('E_IDENTITY', `SIDECAR_IDENTITY_FILE ${file}: ${e.message}; rerun kafka-init of the same release`);
    throw e;
  }
}
