/**
 * Base images made on this machine, for builds where no registry can be reached.
 *
 * - node base (stands in for gcr.io/distroless/nodejs*): this machine's Node binary and exactly the
 *   shared libraries `ldd` lists for it, laid out as distroless does (/nodejs/bin/node), with
 *   /etc/passwd, /etc/group, /etc/nsswitch.conf and /tmp. No shell, no package manager: an image
 *   that runs on it shows the agent needs neither. Node is the machine's (20), not the default
 *   base's (24); the bundles target node20, so both run them.
 * - debian base (for test stand-ins such as zookeeper): `debootstrap --variant=minbase bookworm`
 *   from Debian's mirror. The rootfs tarball is kept in .cache/images, so a second run skips
 *   the download; with an empty cache it is made again (~30 s).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_DIR, imageExists, podman } from './podman.ts';

export const IMAGES_CACHE = join(CACHE_DIR, 'images');
const nodeVersion = process.versions.node;

export const NODE_BASE_REF = `localhost/kafka-agents/node-base:${nodeVersion}`;
export const DEBIAN_BASE_REF = 'localhost/kafka-agents/debian:bookworm';

/** The absolute library paths in ldd's output (`name => /path (addr)` and `/path (addr)` lines; the vdso has no file). */
export function parseLdd(out: string): string[] {
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

/** The shared libraries a binary needs, as absolute paths (from ldd). */
export function sharedLibraries(binary: string): string[] {
  return parseLdd(execFileSync('ldd', [binary], { encoding: 'utf8' }));
}

function etcFiles(root: string): void {
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(
    join(root, 'etc/passwd'),
    ['root:x:0:0:root:/root:/sbin/nologin', 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin', 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin', ''].join('\n'),
  );
  writeFileSync(join(root, 'etc/group'), ['root:x:0:', 'nogroup:x:65534:', 'nonroot:x:65532:', ''].join('\n'));
  // Without this file glibc asks DNS before /etc/hosts; pods rely on /etc/hosts for their own names.
  writeFileSync(join(root, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
  for (const d of ['tmp', 'home/nonroot', 'root']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
}

/** Builds the node base image unless it exists. Returns its reference. */
export function ensureNodeBase(): string {
  if (imageExists(NODE_BASE_REF)) return NODE_BASE_REF;
  const root = join(IMAGES_CACHE, 'node-base-rootfs');
  rmSync(root, { recursive: true, force: true });
  const node = realpathSync(process.execPath);
  const copy = (src: string, dest: string) => {
    mkdirSync(dirname(join(root, dest)), { recursive: true });
    copyFileSync(realpathSync(src), join(root, dest));
  };
  copy(node, '/nodejs/bin/node');
  chmodSync(join(root, 'nodejs/bin/node'), 0o755);
  for (const lib of sharedLibraries(node)) copy(lib, lib);
  etcFiles(root);
  const tar = execFileSync('tar', ['-C', root, '--owner=0', '--group=0', '-c', '.'], { maxBuffer: 512 * 1024 * 1024 });
  podman(
    [
      'import',
      '--change', 'ENV PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin',
      '--change', 'USER 65532:65532',
      '--change', 'ENTRYPOINT ["/nodejs/bin/node"]',
      '--change', `LABEL org.opencontainers.image.description="local stand-in for distroless Node: node ${nodeVersion} and its libraries"`,
      '-', NODE_BASE_REF,
    ],
    { input: tar },
  );
  rmSync(root, { recursive: true, force: true });
  return NODE_BASE_REF;
}

/** The debootstrap rootfs tarball, made unless cached. */
export function debianRootfsTar(): string {
  const tar = join(IMAGES_CACHE, 'debian-bookworm-minbase.tar');
  if (existsSync(tar)) return tar;
  mkdirSync(IMAGES_CACHE, { recursive: true });
  const root = join(IMAGES_CACHE, 'debian-bookworm-rootfs');
  rmSync(root, { recursive: true, force: true });
  execFileSync('debootstrap', ['--variant=minbase', 'bookworm', root, 'http://deb.debian.org/debian'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  // Package lists and caches are not wanted in an image.
  rmSync(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
  mkdirSync(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
  execFileSync('tar', ['-C', root, '-cf', `${tar}.tmp`, '.']);
  renameSync(`${tar}.tmp`, tar);
  rmSync(root, { recursive: true, force: true });
  return tar;
}

/** Imports the debian base image unless it exists. Returns its reference. */
export function ensureDebianBase(): string {
  if (imageExists(DEBIAN_BASE_REF)) return DEBIAN_BASE_REF;
  podman(['import', '--change', 'CMD ["/bin/bash"]', debianRootfsTar(), DEBIAN_BASE_REF]);
  return DEBIAN_BASE_REF;
}
