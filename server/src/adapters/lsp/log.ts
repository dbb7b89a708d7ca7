/** Logging through the LSP connection, each distinct message once, and handler guards. */
import type { RemoteConsole } from 'vscode-languageserver/node';

export type Level = 'error' | 'warn' | 'info' | 'log';

export class ServerLog {
  private readonly seen = new Set<string>();
  constructor(private readonly console: RemoteConsole) {}

  /** Log unless this exact message was logged before. Returns whether it was logged. */
  once(level: Level, message: string): boolean {
    if (this.seen.has(message)) return false;
    this.seen.add(message);
    this.write(level, message);
    return true;
  }

  write(level: Level, message: string): void {
    try {
      this.console[level](message);
    } catch {
      // the connection is gone; nothing left to tell
    }
  }

  /** An exception inside a handler: logged once per distinct message, with its stack. */
  failure(where: string, error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    if (this.seen.has(`${where}\u0000${e.message}`)) return;
    this.seen.add(`${where}\u0000${e.message}`);
    this.write('error', `Faultline: ${where} failed: ${e.stack ?? e.message}`);
  }
}

/** Wrap a handler so that an exception is logged and `fallback` is answered instead. */
export function guard<A extends unknown[], R>(log: ServerLog, where: string, fallback: R, fn: (...args: A) => R | Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      log.failure(where, e);
      return fallback;
    }
  };
}

/** The same for notifications and events, which answer nothing. */
export function guardVoid<A extends unknown[]>(log: ServerLog, where: string, fn: (...args: A) => void) {
  return (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      log.failure(where, e);
    }
  };
}
