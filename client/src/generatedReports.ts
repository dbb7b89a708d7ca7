/**
 * Review reports the client opened as untitled Markdown editors. They are Faultline's own output,
 * not design docs: sent to the server they would be reviewed and fill the Problems panel with
 * findings about the report. The language client's middleware keeps them to the editor. (Saved
 * to a file, a report becomes an ordinary document and is reviewed like any other.)
 */
export interface DocumentLike {
  uri: { scheme: string; toString(): string };
  getText(): string;
}

export class GeneratedReports {
  /** contents about to be opened: the document's URI is only known once it is open */
  private readonly expected = new Set<string>();
  private readonly uris = new Set<string>();

  expect(content: string): void {
    this.expected.add(content);
  }

  /** The report failed to open: stop waiting for it. */
  unexpect(content: string): void {
    this.expected.delete(content);
  }

  /** Is this document a generated report? Recognises the one just opened by its text. */
  claims(doc: DocumentLike): boolean {
    const key = doc.uri.toString();
    if (this.uris.has(key)) return true;
    if (doc.uri.scheme !== 'untitled') return false;
    const text = doc.getText();
    if (!this.expected.has(text)) return false;
    this.expected.delete(text);
    this.uris.add(key);
    return true;
  }

  /** The report was closed (an untitled URI may be reused by the next new file). */
  forget(doc: DocumentLike): void {
    this.uris.delete(doc.uri.toString());
  }
}
