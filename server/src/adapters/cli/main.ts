/**
 * `faultline` — the command-line adapter (bundled to dist/cli.js, run by bin/faultline.js).
 * The same bundle is the script of its worker threads.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { workerMain } from './analyze';
import { REVIEW_COMMAND, runReviewCommand } from './reviewCommand';
import { runCli, type CliIO } from './run';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('faultline: reading the document from standard input (end with Ctrl-D)\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  try {
    const argv = process.argv.slice(2);
    const io: CliIO = {
      cwd: process.cwd(),
      env: process.env,
      stdout: (s) => void process.stdout.write(s),
      stderr: (s) => void process.stderr.write(s),
      stdoutIsTTY: process.stdout.isTTY === true,
      readStdin,
      workerScript: __filename,
    };
    // `faultline report FILE` writes the review report; anything else is a review run
    process.exitCode = await (argv[0] === REVIEW_COMMAND ? runReviewCommand(argv.slice(1), io) : runCli(argv, io));
  } catch (e) {
    process.stderr.write(`faultline: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  }
}

// a closed pipe (`faultline … | head`) is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

if (!isMainThread && (workerData as { faultlineWorker?: boolean } | null)?.faultlineWorker) workerMain();
else void main();
