/**
 * Kubernetes shows the content of /dev/termination-log in `kubectl describe pod`
 * when a container fails. Agents write their one-line reason there, if the file
 * exists (it always does in a pod; outside one nothing is created).
 */
import { access, constants, writeFile } from 'node:fs/promises';

export async function writeTerminationMessage(path: string, message: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
  } catch {
    return false;
  }
  try {
    // Kubernetes keeps at most 4096 bytes of it.
    await writeFile(path, message.slice(0, 4000) + '\n', 'utf8');
    return true;
  } catch {
    return false;
  }
}
