// Runs the `lottery` CLI from its TypeScript sources (tests spawn this as a separate process).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
