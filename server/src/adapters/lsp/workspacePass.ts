/**
 * Problems-panel triage: the design docs of the workspace that are not open are reviewed from
 * disk in the background, one file per turn of the event loop, so that open documents (whose
 * debounced runs are timers on the same loop) stay instant. Files changed on disk come back
 * into the same queue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';

export const WORKSPACE_GLOB = '**/*.{md,markdown}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];
/** larger Markdown files are generated or vendored; they are reviewed only when opened */
export const MAX_WORKSPACE_FILE_BYTES = 1_000_000;
/** a bound on the files one pass looks at, so a huge monorepo cannot keep the server busy */
export const MAX_WORKSPACE_FILES = 5_000;

export interface WorkspaceFile {
  uri: string;
  fsPath: string;
  /** the workspace folder (URI) the file belongs to */
  folder: string;
}

export interface WorkspacePassHost {
  /** review the file from disk and publish (or clear) its diagnostics */
  review(file: WorkspaceFile): Promise<void>;
  /** a file that is gone or out of reach: clear what was published for it */
  forget(uri: string): void;
  isOpen(uri: string): boolean;
  /** does this folder want workspace diagnostics (settings)? */
  enabled(folderUri: string): Promise<boolean>;
  log(message: string): void;
  failure(where: string, error: unknown): void;
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspacePass {
  private folders: { uri: string; fsPath: string }[] = [];
  private readonly queue = new Map<string, WorkspaceFile>();
  /** files the last complete scan found (to forget the ones that disappear) */
  private known = new Set<string>();
  private scanGeneration = 0;
  private running = false;
  private stopped = false;
  /** resolves when the queue is empty (tests, and commands that want a settled state) */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly host: WorkspacePassHost) {}

  setFolders(folders: { uri: string; fsPath: string }[]): void {
    this.folders = folders;
  }

  /** Scan every workspace folder again and review what is found. */
  rescan(): void {
    if (this.stopped) return;
    const generation = ++this.scanGeneration;
    void this.scan(generation).catch((e) => this.host.failure('scanning the workspace', e));
  }

  /** A Markdown file changed on disk (created, changed or deleted). */
  fileChanged(fsPath: string, deleted: boolean): void {
    const uri = pathToFileURL(fsPath).href;
    const folder = this.folderOf(fsPath);
    if (!folder) return;
    if (deleted) {
      this.queue.delete(uri);
      this.known.delete(uri);
      this.host.forget(uri);
      return;
    }
    this.known.add(uri);
    this.enqueue({ uri, fsPath, folder: folder.uri });
  }

  /** A document was closed: its diagnostics come from disk again. Returns false when no folder holds it. */
  reviewClosed(fsPath: string): boolean {
    const folder = this.folderOf(fsPath);
    if (!folder) return false;
    this.enqueue({ uri: pathToFileURL(fsPath).href, fsPath, folder: folder.uri });
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  whenIdle(): Promise<void> {
    if (!this.running && this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private folderOf(fsPath: string): { uri: string; fsPath: string } | undefined {
    // the innermost folder holds it (multi-root workspaces may nest)
    return this.folders
      .filter((f) => {
        const rel = path.relative(f.fsPath, fsPath);
        return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      })
      .sort((a, b) => b.fsPath.length - a.fsPath.length)[0];
  }

  private async scan(generation: number): Promise<void> {
    const found = new Map<string, WorkspaceFile>();
    for (const folder of this.folders) {
      const on = await this.host.enabled(folder.uri);
      if (generation !== this.scanGeneration) return;
      if (!on) continue;
      let files: string[];
      try {
        files = await glob(WORKSPACE_GLOB, { cwd: folder.fsPath, absolute: true, onlyFiles: true, ignore: IGNORED, expandDirectories: false });
      } catch (e) {
        this.host.failure(`listing the Markdown files of ${folder.fsPath}`, e);
        continue;
      }
      if (generation !== this.scanGeneration) return;
      files.sort();
      if (files.length > MAX_WORKSPACE_FILES) {
        this.host.log(`Faultline: ${folder.fsPath} has ${files.length} Markdown files; only the first ${MAX_WORKSPACE_FILES} are reviewed in the background (open a file to review it)`);
        files = files.slice(0, MAX_WORKSPACE_FILES);
      }
      for (const f of files) {
        const uri = pathToFileURL(f).href;
        if (!found.has(uri)) found.set(uri, { uri, fsPath: f, folder: folder.uri });
      }
    }
    // what an earlier scan found and this one does not (deleted, or its folder turned it off)
    for (const uri of this.known) {
      if (!found.has(uri)) {
        this.queue.delete(uri);
        this.host.forget(uri);
      }
    }
    this.known = new Set(found.keys());
    this.queue.clear();
    for (const f of found.values()) this.enqueue(f);
    this.settleIfIdle();
  }

  private enqueue(file: WorkspaceFile): void {
    this.queue.delete(file.uri); // move to the back: the latest request wins
    this.queue.set(file.uri, file);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.size > 0 && !this.stopped) {
        await yieldTurn();
        const next = this.queue.values().next();
        if (next.done) break;
        const file = next.value;
        this.queue.delete(file.uri);
        if (this.host.isOpen(file.uri)) continue; // the editor's buffer is what counts
        try {
          const size = fs.statSync(file.fsPath).size;
          if (size > MAX_WORKSPACE_FILE_BYTES) {
            this.host.forget(file.uri);
            continue;
          }
        } catch {
          this.host.forget(file.uri);
          continue;
        }
        try {
          await this.host.review(file);
        } catch (e) {
          this.host.failure(`reviewing ${file.fsPath}`, e);
        }
      }
    } finally {
      this.running = false;
      this.settleIfIdle();
    }
  }

  private settleIfIdle(): void {
    if (this.running || this.queue.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
