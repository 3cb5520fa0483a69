import { Command, CommanderError } from 'commander';
import { isSealdeskError } from '../errors/index.js';
import { auditCommand } from './commands/audit-command.js';
import { backupCommand } from './commands/backup-command.js';
import { evalCommand } from './commands/eval-command.js';
import { initCommand } from './commands/init-command.js';
import { kbCommand } from './commands/kb-command.js';
import { keysCommand } from './commands/keys-command.js';
import { piiCommand } from './commands/pii-command.js';
import { privacyCommand } from './commands/privacy-command.js';
import { seedCommand } from './commands/seed-command.js';
import { serveCommand, startCommand } from './commands/serve-command.js';

const program = new Command()
  .name('sealdesk')
  .description('Sealdesk: an AI customer-support desk where conversations stay sealed.')
  .showHelpAfterError()
  .exitOverride();

for (const command of [initCommand(), serveCommand(), startCommand(), auditCommand(), piiCommand(), kbCommand(), evalCommand(), privacyCommand(), backupCommand(), keysCommand(), seedCommand()]) {
  program.addCommand(withErrorHandling(command));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

/** addCommand() does not pass these settings down, so every (sub)command gets them itself. */
function withErrorHandling(command: Command): Command {
  for (const sub of command.commands) withErrorHandling(sub);
  return command.exitOverride().showHelpAfterError();
}

/** One line on standard error, never a stack trace; exit 2 for usage errors, 1 otherwise. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (isSealdeskError(error)) {
    process.stderr.write(`sealdesk: ${error.code}: ${error.userMessage}\n`);
    return 1;
  }
  process.stderr.write(`sealdesk: error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
