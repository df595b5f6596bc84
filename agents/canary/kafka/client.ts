/**
 * The kafkajs client of the canary: its log lines go to the agent's JSON log (kafkajs' errors are
 * mostly retried, so they are warnings here; the canary's own lines say what they cost).
 */
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';

export function kafkaClient(brokers: readonly string[], clientId: string, log: Logger, requestTimeoutMs: number): Kafka {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...brokers],
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, timestamp: _t, logger: _l, ...rest } = entry as LogEntry['log'] & { timestamp?: string; logger?: string };
        if (level <= logLevel.WARN) kafkaLog.warn({ kafkajs: label, ...rest }, message);
        else kafkaLog.debug({ kafkajs: label, ...rest }, message);
      },
  });
}
