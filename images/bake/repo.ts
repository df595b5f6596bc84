/** The repository's root folder: every path the image builds and the tests use is under it. */
export const REPO_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
