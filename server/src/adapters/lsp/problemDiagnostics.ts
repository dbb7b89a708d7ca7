/**
 * Config and rule-pack problems as diagnostics on the broken file itself (file:line:col of the
 * mistake). Each document reports the problems of what applies to it; a file shows the union,
 * so a problem disappears once no document runs into it any more (fixed, or nothing uses it).
 */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { ConfigProblem } from '../../config';
import { SOURCE } from './diagnostics';

export const CONFIG_PROBLEM_CODE = 'config';

export function problemDiagnostic(p: ConfigProblem): Diagnostic {
  return {
    range: p.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: CONFIG_PROBLEM_CODE,
    message: p.message,
  };
}

export class ProblemDiagnostics {
  /** the problems each document (by uri) ran into */
  private readonly byDocument = new Map<string, ConfigProblem[]>();
  /** what was last published for each file (by uri) */
  private readonly published = new Map<string, string>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  set(documentUri: string, problems: ConfigProblem[]): void {
    if (problems.length === 0 && !this.byDocument.has(documentUri)) return;
    if (problems.length) this.byDocument.set(documentUri, problems);
    else this.byDocument.delete(documentUri);
    this.flush();
  }

  delete(documentUri: string): void {
    if (this.byDocument.delete(documentUri)) this.flush();
  }

  /** The problem files currently shown (their diagnostics belong to this registry). */
  has(fileUri: string): boolean {
    return this.published.has(fileUri);
  }

  private flush(): void {
    const byFile = new Map<string, Map<string, Diagnostic>>();
    for (const problems of this.byDocument.values()) {
      for (const p of problems) {
        const uri = pathToFileURL(p.file).href;
        const d = problemDiagnostic(p);
        let set = byFile.get(uri);
        if (!set) byFile.set(uri, (set = new Map()));
        set.set(JSON.stringify([d.range, d.message]), d);
      }
    }
    for (const [uri, set] of byFile) {
      const diagnostics = [...set.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      const json = JSON.stringify(diagnostics);
      if (this.published.get(uri) === json) continue;
      this.published.set(uri, json);
      this.send(uri, diagnostics);
    }
    for (const uri of [...this.published.keys()]) {
      if (byFile.has(uri)) continue;
      this.published.delete(uri);
      this.send(uri, []);
    }
  }
}
