/**
 * Per-broker templates: "{ordinal}" is replaced by the pod's ordinal and
 * "{ordinal+N}" by ordinal + N (for port schemes like 32400 + ordinal).
 * Pure; parse errors are InvalidValue so a setting can use them as its parser.
 */
import { InvalidValue } from '../lib/config/setting.ts';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const ORDINAL = /^ordinal(?:\+(\d{1,6}))?$/;

/** Checks a template's placeholders; returns it unchanged. */
export function parseOrdinalTemplate(raw: string): string {
  const s = raw.trim();
  if (s === '') throw new InvalidValue('must not be empty');
  for (const m of s.matchAll(PLACEHOLDER)) {
    if (!ORDINAL.test(m[1]!)) {
      throw new InvalidValue(`has unknown placeholder {${m[1]}}; use {ordinal} or {ordinal+N}, got ${JSON.stringify(raw)}`);
    }
  }
  if (/[{}]/.test(s.replace(PLACEHOLDER, ''))) throw new InvalidValue(`has an unbalanced brace, got ${JSON.stringify(raw)}`);
  return s;
}

/** The template with every placeholder replaced for this ordinal. */
export function expandOrdinalTemplate(template: string, ordinal: number): string {
  return template.replace(PLACEHOLDER, (_, inner: string) => String(ordinal + Number(ORDINAL.exec(inner)?.[1] ?? 0)));
}
