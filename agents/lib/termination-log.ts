/**
 * Kubernetes shows the content of /dev/termination-log in `kubectl describe pod`
 * when a container fails. Agents write their one-line reason there, if the file
 * exists (it always does in a pod; outside one nothing is created).
 */
import { access, constants, open } from 'node:fs/promises';

export async function writeTerminationMessage(path: string, message: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
  } catch {
    return false;
  }
  try {
    // Non-blocking: a FIFO with no reader must not hold the agent's exit. Kubernetes keeps at most 4096 bytes.
    const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      await fh.writeFile(message.slice(0, 4000) + '\n', 'utf8');
    } finally {
      await fh.close();
    }
    return true;
  } catch {
    return false;
  }
}
