/**
 * Reads a docker-bake.hcl the way `docker buildx bake` does, for the part this
 * project uses: variables (default, overridden by an environment variable of the
 * same name), `${VAR}` interpolation in strings (`$${` is a literal `${`), targets
 * with `inherits` (maps merge, other fields are replaced), and groups (which may
 * name groups). HCL functions and other expressions are refused by name rather
 * than guessed. Parsing is @cdktf/hcl2json (HCL to JSON, no evaluation); the
 * resolution here is pure, so tests pass plain objects.
 */
import { parse } from '@cdktf/hcl2json';
import { dirname, isAbsolute, resolve } from 'node:path';

/** One target, resolved: what `podman build` needs. Paths are absolute. */
export interface BuildPlan {
  readonly target: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly args: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
}

/** The JSON shape hcl2json gives a bake file: every block is a list of bodies. */
export interface BakeJson {
  variable?: Record<string, Array<{ default?: unknown }>>;
  target?: Record<string, Array<Record<string, unknown>>>;
  group?: Record<string, Array<{ targets?: string[] }>>;
}

export class BakeError extends Error {}

export async function parseBakeHcl(fileName: string, text: string): Promise<BakeJson> {
  return (await parse(fileName, text)) as BakeJson;
}

/** Variable values: default, then the environment (as bake does). Unset variables with no default are "". */
export function resolveVariables(bake: BakeJson, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, bodies] of Object.entries(bake.variable ?? {})) {
    const def = bodies.at(-1)?.default;
    const fromEnv = env[name];
    if (fromEnv !== undefined) vars[name] = fromEnv;
    else if (def === undefined || def === null) vars[name] = '';
    else if (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean') vars[name] = String(def);
    else throw new BakeError(`variable "${name}": only string, number and bool defaults are supported`);
  }
  // A default may itself refer to other variables.
  for (const name of Object.keys(vars)) vars[name] = interpolate(vars[name]!, vars, `variable "${name}"`);
  return vars;
}

/** Replaces `${NAME}` with the variable's value; `$${` stays a literal `${`. */
export function interpolate(s: string, vars: Readonly<Record<string, string>>, where: string, depth = 0): string {
  if (depth > 10) throw new BakeError(`${where}: variables refer to each other in a cycle`);
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (s.startsWith('${', i)) {
      const end = s.indexOf('}', i);
      if (end < 0) throw new BakeError(`${where}: unterminated \${ in "${s}"`);
      const expr = s.slice(i + 2, end).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(expr)) {
        throw new BakeError(`${where}: the expression \${${expr}} is not supported here: only \${VARIABLE}`);
      }
      const v = vars[expr];
      if (v === undefined) throw new BakeError(`${where}: unknown variable ${expr}`);
      out += interpolate(v, vars, where, depth + 1);
      i = end + 1;
      continue;
    }
    out += s[i];
    i += 1;
  }
  return out;
}

const MAP_FIELDS = new Set(['args', 'labels', 'annotations']);

/** A target's fields after `inherits`, parents first; maps merge key by key, the rest is replaced. */
export function flattenTarget(bake: BakeJson, name: string, seen: readonly string[] = []): Record<string, unknown> {
  if (seen.includes(name)) throw new BakeError(`target "${name}": inherits itself (${[...seen, name].join(' -> ')})`);
  const bodies = bake.target?.[name];
  if (!bodies) throw new BakeError(`target "${name}" is not defined`);
  const own = Object.assign({}, ...bodies) as Record<string, unknown>;
  let merged: Record<string, unknown> = {};
  for (const parent of (own.inherits as string[] | undefined) ?? []) {
    merged = mergeFields(merged, flattenTarget(bake, parent, [...seen, name]));
  }
  const { inherits: _inherits, ...rest } = own;
  return mergeFields(merged, rest);
}

function mergeFields(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = MAP_FIELDS.has(k) ? { ...(base[k] as object | undefined), ...(v as object) } : v;
  }
  return out;
}

/** Target names a name stands for: a target itself, or a group's targets (groups may name groups), in order, once each. */
export function expandTargets(bake: BakeJson, names: readonly string[], seen: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of names) {
    const group = bake.group?.[name];
    if (group && !bake.target?.[name]) {
      if (seen.includes(name)) throw new BakeError(`group "${name}" contains itself`);
      const members = group.flatMap((g) => g.targets ?? []);
      for (const t of expandTargets(bake, members, [...seen, name])) if (!out.includes(t)) out.push(t);
    } else if (bake.target?.[name]) {
      if (!out.includes(name)) out.push(name);
    } else {
      throw new BakeError(`"${name}" is neither a target nor a group`);
    }
  }
  return out;
}

function stringMap(v: unknown, vars: Record<string, string>, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries((v as Record<string, unknown> | undefined) ?? {})) {
    if (val === null || val === undefined) continue; // bake: a null arg is left to the Dockerfile's default
    out[k] = interpolate(String(val), vars, `${where}.${k}`);
  }
  return out;
}

function stringList(v: unknown, vars: Record<string, string>, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new BakeError(`${where} must be a list`);
  return v.map((x, i) => interpolate(String(x), vars, `${where}[${i}]`));
}

export interface PlanOptions {
  /** Target or group names; default ["default"]. */
  targets?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory that relative contexts are resolved against (bake: where it runs; here the bake file's folder). */
  baseDir: string;
}

/** Every build the named targets stand for, resolved. */
export function planBuilds(bake: BakeJson, opts: PlanOptions): BuildPlan[] {
  const vars = resolveVariables(bake, opts.env ?? {});
  return expandTargets(bake, opts.targets ?? ['default']).map((name) => {
    const t = flattenTarget(bake, name);
    const where = `target "${name}"`;
    const str = (k: string, def: string) => interpolate(typeof t[k] === 'string' ? (t[k] as string) : def, vars, `${where}.${k}`);
    const context = resolve(opts.baseDir, str('context', '.'));
    // As in bake, a relative dockerfile is relative to the context.
    const dockerfileRel = str('dockerfile', 'Dockerfile');
    const dockerfile = isAbsolute(dockerfileRel) ? dockerfileRel : resolve(context, dockerfileRel);
    return {
      target: name,
      context,
      dockerfile,
      args: stringMap(t.args, vars, `${where}.args`),
      labels: stringMap(t.labels, vars, `${where}.labels`),
      tags: stringList(t.tags, vars, `${where}.tags`),
      platforms: stringList(t.platforms, vars, `${where}.platforms`),
    };
  });
}

/** The `podman build` arguments for one plan, for the local platform only. */
export function podmanBuildArgs(plan: BuildPlan, extra: readonly string[] = []): string[] {
  return [
    'build',
    '-f', plan.dockerfile,
    ...Object.entries(plan.args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(plan.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...plan.tags.flatMap((t) => ['-t', t]),
    ...extra,
    plan.context,
  ];
}

export function bakeDir(file: string): string {
  return dirname(resolve(file));
}
