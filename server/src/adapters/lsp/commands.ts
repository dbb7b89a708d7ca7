/**
 * Server commands (workspace/executeCommand), usable from any LSP client. The ids are
 * namespaced `faultline.server.*` because vscode-languageclient registers every server command
 * as a VS Code command, and the extension has its own `faultline.*` commands.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { SHOW_DOCUMENTATION_COMMAND } from './codeActions';

export const GENERATE_REVIEW_COMMAND = 'faultline.server.generateReview';
export { SHOW_DOCUMENTATION_COMMAND };
export const SERVER_COMMANDS = [GENERATE_REVIEW_COMMAND, SHOW_DOCUMENTATION_COMMAND];

export interface GenerateReviewResult {
  markdown: string;
  language: 'en' | 'ja';
}

export interface ShowDocumentationResult {
  uri: string;
}

/** The one string argument a command takes, or an InvalidParams error naming what was expected. */
export function stringArgument(command: string, args: unknown[] | undefined, what: string): string {
  const value = args?.[0];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${command} expects [${what}: string], got ${JSON.stringify(args ?? [])}`);
  }
  return value;
}

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
