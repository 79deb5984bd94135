import type { Command } from 'commander';
import { promoteParticipant, registerParticipant } from '../../app/participants.js';
import { participantJson } from '../../http/present.js';
import type { CommandContext } from '../context.js';
import { print } from '../output.js';
import { readSecret } from '../prompt.js';

export const registerAdmin = (program: Command, cli: CommandContext): void => {
  const admin = program.command('admin').description('Manage admin accounts.');
  admin
    .command('create <username>')
    .description(
      'Create an admin account. The password is read from standard input (or asked for in a terminal).',
    )
    .option('--json', 'print the account as JSON')
    .action((username: string, options: { json?: boolean }) =>
      cli.withRuntime(async ({ ctx }) => {
        const password = await readSecret(`Password for ${username}:`);
        const participant = await registerParticipant(ctx, { username, password }, 'admin');
        print(
          options.json,
          participantJson(participant),
          () => `Created admin ${participant.username} (id ${participant.id}).`,
        );
      }),
    );
  admin
    .command('promote <username>')
    .description('Make an existing participant an admin.')
    .option('--json', 'print the account as JSON')
    .action((username: string, options: { json?: boolean }) =>
      cli.withRuntime(async ({ ctx }) => {
        const participant = await promoteParticipant(ctx, username);
        print(
          options.json,
          participantJson(participant),
          () => `${participant.username} is an admin.`,
        );
      }),
    );
};
