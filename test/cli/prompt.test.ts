import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/app/participants.js';
import { createTestContext, type TestContext } from '../support/databases.js';

const cliPath = fileURLToPath(new URL('../support/cli.ts', import.meta.url));
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `lottery <args>` in a pseudo-terminal (util-linux `script`), as a person at a terminal
 * does: `answer` is typed once `prompt` shows. Resolves to everything the terminal showed.
 */
const inTerminal = (
  args: string[],
  env: Record<string, string>,
  prompt: string,
  answer: string,
): Promise<{ code: number | null; screen: string }> =>
  new Promise((resolve, reject) => {
    const command = [process.execPath, '--import', 'tsx', cliPath, ...args].map(quote).join(' ');
    const child = spawn(
      'script',
      ['--quiet', '--flush', '--return', '--command', command, '/dev/null'],
      {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!typed && screen.includes(prompt)) {
        typed = true;
        child.stdin.write(answer);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });

describe('the password prompt', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
  });
  afterAll(() => ctx.dispose());

  it('asks in a terminal, shows nothing of what is typed, and creates the admin', async () => {
    const secret = 'a long typed passphrase';
    const { code, screen } = await inTerminal(
      ['admin', 'create', 'root'],
      { DATABASE_URL: ctx.database.url, LOTTERY_DEMO: 'false' },
      'Password for root',
      `${secret}\r`,
    );
    expect(code).toBe(0);
    expect(screen).toContain('Password for root');
    expect(screen).toContain('Created admin root');
    expect(screen).not.toContain(secret);
    // What was typed is the password now.
    expect(await authenticate(ctx, 'root', secret)).toMatchObject({
      username: 'root',
      role: 'admin',
    });
  });
});
