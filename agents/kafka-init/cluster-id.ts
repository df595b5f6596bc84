/**
 * A KRaft cluster id as Kafka writes it: 16 bytes in base64url without padding, 22 characters
 * (what `kafka-storage.sh random-uuid` prints). Only the canonical spelling is accepted, so the id
 * in the setting and the one Kafka stores in meta.properties compare as strings. Pure.
 */
import { InvalidValue } from '../lib/config/index.ts';

const HOW = 'make one once with `kafka-storage.sh random-uuid`, or `node -e "console.log(require(\'crypto\').randomBytes(16).toString(\'base64url\'))"`';

export function parseClusterId(raw: string): string {
  const s = raw.trim();
  if (!/^[A-Za-z0-9_-]{22}$/.test(s) || Buffer.from(s, 'base64url').toString('base64url') !== s) {
    throw new InvalidValue(`must be a KRaft cluster id, 16 bytes in base64url (22 characters of A-Z a-z 0-9 - _, the last one of A Q g w), got ${JSON.stringify(raw)}: ${HOW}`);
  }
  if (s === 'AAAAAAAAAAAAAAAAAAAAAA' || s === 'AAAAAAAAAAAAAAAAAAAAAQ') {
    throw new InvalidValue(`${s} is an id Kafka reserves (the zero or the metadata topic's id): ${HOW}`);
  }
  return s;
}

export const CLUSTER_ID_HOW = HOW;
