/**
 * An open document's last analysis as the server keeps it between requests: small (the findings
 * as deflated JSON, no design model), its diagnostics handed out once for publishing, and the
 * findings parsed again only when a hover or code action needs them (the last few are kept parsed).
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Notice } from '../../analysis/api';
import type { Finding } from '../../findings/types';
import type { Language } from '../../model/types';
import { fromDeflatedJson, fromJsonBytes, type PackedResult } from './analysisProtocol';
import { toDiagnostics } from './diagnostics';
import type { Tally } from './status';

/** How many results keep their findings parsed (a hover moving over one document asks again and again). */
const PARSED = 2;
const parsed: { owner: StoredResult; findings: Finding[] }[] = [];

export class StoredResult {
  private diagnosticsJson?: Uint8Array[];

  constructor(private readonly packed: PackedResult) {
    this.diagnosticsJson = packed.diagnosticsJson;
    packed.diagnosticsJson = [];
  }

  get language(): Language {
    return this.packed.language;
  }

  get skipped(): string | undefined {
    return this.packed.skipped;
  }

  get ruleErrors(): { rule: string; message: string }[] {
    return this.packed.ruleErrors;
  }

  get notices(): Notice[] {
    return this.packed.notices;
  }

  get tally(): Tally {
    return this.packed.tally;
  }

  /** The findings (accepted ones included), in the engine's order. */
  get findings(): Finding[] {
    const i = parsed.findIndex((p) => p.owner === this);
    if (i >= 0) {
      const [hit] = parsed.splice(i, 1);
      parsed.push(hit!);
      return hit!.findings;
    }
    const findings = fromDeflatedJson<Finding[]>(this.packed.findingsJson);
    parsed.push({ owner: this, findings });
    if (parsed.length > PARSED) parsed.shift();
    return findings;
  }

  /**
   * The diagnostics to publish for `uri` at `version`, piece by piece (`pause` is awaited between
   * pieces; when it says false, the rest is not read and undefined is returned): the ones made with
   * the analysis, else (published once already) made again here.
   */
  async diagnostics(uri: string, version: number, docUri: (rule: string) => string | undefined, pause: () => Promise<boolean>): Promise<Diagnostic[] | undefined> {
    const json = this.diagnosticsJson;
    this.diagnosticsJson = undefined; // published once; a second publish (rare) rebuilds them
    if (json !== undefined && this.packed.target.uri === uri && this.packed.target.version === version) {
      const out: Diagnostic[] = [];
      for (let i = 0; i < json.length; i++) {
        if (i > 0 && !(await pause())) return undefined;
        for (const d of fromJsonBytes<Diagnostic[]>(json[i]!)) out.push(d);
      }
      return out;
    }
    if (this.skipped) return [];
    return toDiagnostics({ findings: this.findings, notices: this.notices }, { uri, version, language: this.language, docUri });
  }
}
