/**
 * Renders a schema for people: the --help text (flag and environment variable
 * side by side, as a manifest author needs them) and the README's settings table.
 */
import type { Schema } from './schema.ts';
import type { Setting } from './setting.ts';

function envNames(s: Setting<unknown>): string {
  return [s.env, ...s.fallbackEnv].map((e) => `$${e}`).join(' (or ');
}

function defaultText(s: Setting<unknown>): string {
  if (s.default !== undefined) return `default: ${s.show(s.default) || '""'}`;
  return s.required ? 'required' : 'optional';
}

export function helpText(name: string, summary: string, schema: Schema): string {
  const lines = [`${name}: ${summary}`, '', `Usage: node ${name}.js [--flag value ...]`, ''];
  lines.push('Every setting is a flag or an environment variable; a flag wins over the variable.', '');
  for (const s of Object.values(schema)) {
    const fallback = s.fallbackEnv.length > 0 ? ')'.repeat(s.fallbackEnv.length) : '';
    lines.push(`  ${s.flag} ${s.kind}, ${envNames(s)}${fallback}`);
    lines.push(`      ${s.help} (${defaultText(s)})`);
  }
  lines.push('', 'Exit codes: 0 done, 1 runtime failure, 2 bad configuration, 143 terminated.');
  return lines.join('\n') + '\n';
}

/** A Markdown table of the settings, for the README. */
export function markdownTable(schema: Schema): string {
  const rows = ['| Variable | Flag | Default | Meaning |', '| --- | --- | --- | --- |'];
  for (const s of Object.values(schema)) {
    const env = [s.env, ...s.fallbackEnv.map((f) => `(${f})`)].map((e) => `\`${e}\``).join(' ');
    const dflt = s.default !== undefined ? `\`${s.show(s.default) || '""'}\`` : s.required ? 'required' : '';
    rows.push(`| ${env} | \`${s.flag}\` | ${dflt} | ${s.help.replace(/\|/g, '\\|').replace(/</g, '&lt;')} |`);
  }
  return rows.join('\n') + '\n';
}
