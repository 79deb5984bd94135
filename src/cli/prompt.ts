import { createInterface } from 'node:readline';
import password from '@inquirer/password';
import { UsageError } from './errors.js';

/**
 * Reads a secret: in a terminal, a password prompt on standard error that shows nothing of what
 * is typed; otherwise the first line of standard input (for scripts).
 */
export const readSecret = (question: string): Promise<string> =>
  process.stdin.isTTY
    ? password({ message: question }, { input: process.stdin, output: process.stderr })
    : firstLine();

const firstLine = async (): Promise<string> => {
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    return await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      lines.once('close', () => reject(new UsageError('no password given on standard input')));
    });
  } finally {
    lines.close();
  }
};
