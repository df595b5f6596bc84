/** Settings every agent has, merged into each agent's schema by runAgent. */
import { oneOf, path } from './setting.ts';

export const commonSettings = {
  logLevel: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, {
    env: 'LOG_LEVEL',
    default: 'info',
    help: 'Log level of the JSON log on stdout.',
  }),
  terminationLog: path({
    env: 'TERMINATION_MESSAGE_PATH',
    default: '/dev/termination-log',
    help: 'Where the final error is written when the agent fails, if that file exists, so kubectl describe pod shows it.',
  }),
};
