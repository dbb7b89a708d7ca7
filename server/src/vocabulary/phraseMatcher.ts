/**
 * Literal-phrase matching in linear time (Aho–Corasick). Vocabulary and custom rule packs are
 * plain phrases, never user regular expressions, so no input can make matching backtrack.
 *
 * Text is folded before matching: ASCII and full-width letters to lower case, whitespace runs
 * to one space, and emphasis/code markers (`*`, `` ` ``) dropped, so that "**Amazon SQS**
 * standard\n  queue" matches "amazon sqs standard queue". Every folded character keeps the
 * offset of the character it came from, so matches map back to exact source ranges.
 */

export interface PhraseHit<T> {
  start: number; // source offset, inclusive
  end: number; // source offset, exclusive
  value: T;
  phrase: string;
}

interface Folded {
  text: string;
  /** source offset of each folded character */
  offsets: Int32Array;
}

const DROPPED = new Set(['*', '`']);

export function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code === 0x3000) return ' ';
  if (code < 128) return c.toLowerCase();
  return c;
}

export function foldPhrase(phrase: string): string {
  let out = '';
  for (const ch of phrase) {
    if (DROPPED.has(ch)) continue;
    const f = /\s/.test(ch) ? ' ' : foldChar(ch);
    if (f === ' ' && (out.length === 0 || out.endsWith(' '))) continue;
    out += f;
  }
  return out.trimEnd();
}

export function foldText(source: string, from = 0, to = source.length): Folded {
  const offsets = new Int32Array(to - from);
  let text = '';
  let n = 0;
  let lastSpace = true;
  for (let i = from; i < to; i++) {
    const ch = source[i]!;
    if (DROPPED.has(ch)) continue;
    const code = ch.charCodeAt(0);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 0x3000) {
      if (lastSpace) continue;
      lastSpace = true;
      text += ' ';
    } else {
      lastSpace = false;
      text += foldChar(ch);
    }
    offsets[n++] = i;
  }
  return { text, offsets: offsets.subarray(0, n) };
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

interface State {
  next: Map<number, number>;
  fail: number;
  out: number[]; // indexes into patterns
}

export class PhraseMatcher<T> {
  private states: State[] = [{ next: new Map(), fail: 0, out: [] }];
  private patterns: { phrase: string; value: T }[] = [];
  private built = false;

  add(phrase: string, value: T): void {
    const folded = foldPhrase(phrase);
    if (!folded) return;
    this.built = false;
    let s = 0;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let n = this.states[s]!.next.get(c);
      if (n === undefined) {
        n = this.states.length;
        this.states.push({ next: new Map(), fail: 0, out: [] });
        this.states[s]!.next.set(c, n);
      }
      s = n;
    }
    this.states[s]!.out.push(this.patterns.length);
    this.patterns.push({ phrase: folded, value });
  }

  get size(): number {
    return this.patterns.length;
  }

  private build(): void {
    const queue: number[] = [];
    for (const n of this.states[0]!.next.values()) {
      this.states[n]!.fail = 0;
      queue.push(n);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, n] of this.states[s]!.next) {
        queue.push(n);
        let f = this.states[s]!.fail;
        while (f !== 0 && !this.states[f]!.next.has(c)) f = this.states[f]!.fail;
        const g = this.states[f]!.next.get(c);
        this.states[n]!.fail = g !== undefined && g !== n ? g : 0;
        this.states[n]!.out.push(...this.states[this.states[n]!.fail]!.out);
      }
    }
    this.built = true;
  }

  /** All hits in source[from, to), ASCII phrases only on word boundaries. */
  match(source: string, from = 0, to = source.length): PhraseHit<T>[] {
    if (!this.built) this.build();
    const { text, offsets } = foldText(source, from, to);
    const hits: PhraseHit<T>[] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (s !== 0 && !this.states[s]!.next.has(c)) s = this.states[s]!.fail;
      s = this.states[s]!.next.get(c) ?? 0;
      for (const p of this.states[s]!.out) {
        const pat = this.patterns[p]!;
        const startIdx = i - pat.phrase.length + 1;
        if (isWordChar(pat.phrase.charCodeAt(0)) && startIdx > 0 && isWordChar(text.charCodeAt(startIdx - 1))) continue;
        let last = i;
        if (isWordChar(pat.phrase.charCodeAt(pat.phrase.length - 1)) && i + 1 < text.length && isWordChar(text.charCodeAt(i + 1))) {
          // a plain English plural still names the same thing ("queues", "circuit breakers")
          const plural = text.charCodeAt(i + 1) === 115 && (i + 2 >= text.length || !isWordChar(text.charCodeAt(i + 2)));
          if (!plural) continue;
          last = i + 1;
        }
        hits.push({ start: offsets[startIdx]!, end: offsets[last]! + 1, value: pat.value, phrase: pat.phrase });
      }
    }
    return hits;
  }
}

/** Keeps the longest hit where hits overlap (earliest first on ties). */
export function longestNonOverlapping<T>(hits: PhraseHit<T>[]): PhraseHit<T>[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PhraseHit<T>[] = [];
  for (const h of sorted) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      if (h.end - h.start > last.end - last.start) kept[kept.length - 1] = h;
      continue;
    }
    kept.push(h);
  }
  return kept;
}
