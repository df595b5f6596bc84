export * as setting from './setting.ts';
export { InvalidValue, parseDurationMs, showDuration, type Setting } from './setting.ts';
export { parseArgs, resolveConfig, effectiveConfig, type Schema, type ConfigOf, type Env, type Parsed } from './schema.ts';
export { helpText, markdownTable } from './help.ts';
export { commonSettings } from './common.ts';
