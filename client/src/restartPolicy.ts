/**
 * When a crashed language server is started again: up to `maxRestarts` times within `windowMs`
 * (4 in 3 minutes, vscode-languageclient's own default, made explicit so that the client can
 * tell the user and the status item what happened). A server that keeps crashing is left
 * stopped: restarting it in a loop would only burn CPU. Pure, for the unit tests.
 */
export interface CrashDecision {
  restart: boolean;
  /** crashes counted within the window, this one included */
  recentCrashes: number;
}

export class CrashRestartPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's connection closed without being asked to: restart it? */
  onCrash(): CrashDecision {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c <= this.windowMs);
    this.crashes.push(t);
    return { restart: this.crashes.length <= this.maxRestarts, recentCrashes: this.crashes.length };
  }

  /** A restart the user asked for starts the count afresh. */
  reset(): void {
    this.crashes = [];
  }
}
