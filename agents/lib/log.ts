/**
 * The JSON logger: one object per line on stdout, ISO time, the agent's name on
 * every line. Synchronous, so nothing is lost when an init container exits.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(agent: string, level = 'info', dest: number | NodeJS.WritableStream = 1): Logger {
  const stream = typeof dest === 'number' ? pino.destination({ dest, sync: true }) : dest;
  return pino(
    {
      level,
      base: { agent },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
