/**
 * The kafkajs client of the canary: its log lines go to the agent's JSON log (kafkajs' errors are
 * mostly retried, so they are warnings here; the canary's own lines say what they cost).
 */
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';

/** `retries`: how often a request is retried (8 by default; 0 for a metadata poll that must answer at once). */
export function kafkaClient(brokers: readonly string[], clientId: string, log: Logger, requestTimeoutMs: number, retries = 8): Kafka {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...brokers],
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries },
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

/** The Kafka error code name of a kafkajs error (LEADER_NOT_AVAILABLE, ...), also when wrapped by its retrier. */
export function kafkaErrorType(e: unknown): string | undefined {
  const err = e as { type?: string; cause?: { type?: string }; originalError?: { type?: string } } | undefined;
  return err?.type ?? err?.cause?.type ?? err?.originalError?.type;
}
