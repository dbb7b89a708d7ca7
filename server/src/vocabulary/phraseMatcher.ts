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

/** The folded form of a character code (see the top of this file); spaces are handled by the caller. */
function foldCode(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0;
    return ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
  }
  return code;
}

const STAR = 42;
const BACKTICK = 96;
const SPACE = 32;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0x3000;
}

/** Folded character codes of source[from, to) and the source offset of each. */
function foldCodes(source: string, from: number, to: number): { codes: Uint16Array; offsets: Int32Array; length: number } {
  const codes = new Uint16Array(to - from);
  const offsets = new Int32Array(to - from);
  let n = 0;
  let lastSpace = true;
  for (let i = from; i < to; i++) {
    const code = source.charCodeAt(i);
    if (code === STAR || code === BACKTICK) continue;
    if (isSpace(code)) {
      if (lastSpace) continue;
      lastSpace = true;
      codes[n] = SPACE;
    } else {
      lastSpace = false;
      codes[n] = foldCode(code);
    }
    offsets[n++] = i;
  }
  return { codes, offsets, length: n };
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

interface State {
  next: Map<number, number>;
  fail: number;
  out: number[]; // indexes into patterns
}

/**
 * ASCII transitions are precomputed for every state (a DFA row per state); other characters walk
 * fail links. Rows only have a column per ASCII character some phrase uses: any other one leads
 * back to the root from everywhere.
 */
const ASCII = 128;
export class PhraseMatcher<T> {
  private states: State[] = [{ next: new Map(), fail: 0, out: [] }];
  private patterns: { phrase: string; value: T; first: number; last: number }[] = [];
  /** ASCII character → its DFA column (0: used by no phrase) */
  private column = new Uint8Array(ASCII);
  private columns = 1;
  private dfa: Uint16Array | Int32Array = new Uint16Array(0);
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
    this.patterns.push({ phrase: folded, value, first: folded.charCodeAt(0), last: folded.charCodeAt(folded.length - 1) });
  }

  get size(): number {
    return this.patterns.length;
  }

  private build(): void {
    // outputs start from each state's own patterns again, so that add() after a build is fine
    for (const st of this.states) {
      st.fail = 0;
      st.out = [];
    }
    this.patterns.forEach((p, index) => {
      let s = 0;
      for (let i = 0; i < p.phrase.length; i++) s = this.states[s]!.next.get(p.phrase.charCodeAt(i))!;
      this.states[s]!.out.push(index);
    });
    this.column.fill(0);
    this.columns = 1;
    for (const p of this.patterns) {
      for (let i = 0; i < p.phrase.length; i++) {
        const c = p.phrase.charCodeAt(i);
        if (c < ASCII && this.column[c] === 0) this.column[c] = this.columns++;
      }
    }
    const width = this.columns;
    const dfa = this.states.length < 0xffff ? new Uint16Array(this.states.length * width) : new Int32Array(this.states.length * width);
    const order: number[] = [];
    for (const [c, n] of this.states[0]!.next) {
      if (c < ASCII) dfa[this.column[c]!] = n;
      order.push(n);
    }
    for (let qi = 0; qi < order.length; qi++) {
      const s = order[qi]!;
      const st = this.states[s]!;
      // a state's row: its own edges, else the row of its fail state (already complete: BFS order)
      dfa.copyWithin(s * width, st.fail * width, st.fail * width + width);
      for (const [c, n] of st.next) {
        order.push(n);
        if (c < ASCII) dfa[s * width + this.column[c]!] = n;
        let f = st.fail;
        while (f !== 0 && !this.states[f]!.next.has(c)) f = this.states[f]!.fail;
        const g = this.states[f]!.next.get(c);
        this.states[n]!.fail = g !== undefined && g !== n ? g : 0;
        this.states[n]!.out = [...this.states[n]!.out, ...this.states[this.states[n]!.fail]!.out];
      }
    }
    this.dfa = dfa;
    this.built = true;
  }

  /** All hits in source[from, to), ASCII phrases only on word boundaries. */
  match(source: string, from = 0, to = source.length): PhraseHit<T>[] {
    if (!this.built) this.build();
    const { codes, offsets, length } = foldCodes(source, from, to);
    const hits: PhraseHit<T>[] = [];
    const states = this.states;
    const dfa = this.dfa;
    const column = this.column;
    const width = this.columns;
    let s = 0;
    for (let i = 0; i < length; i++) {
      const c = codes[i]!;
      if (c < ASCII) {
        const col = column[c]!;
        s = col === 0 ? 0 : dfa[s * width + col]!;
      } else {
        while (s !== 0 && !states[s]!.next.has(c)) s = states[s]!.fail;
        s = states[s]!.next.get(c) ?? 0;
      }
      const out = states[s]!.out;
      for (let k = 0; k < out.length; k++) {
        const pat = this.patterns[out[k]!]!;
        const startIdx = i - pat.phrase.length + 1;
        if (isWordChar(pat.first) && startIdx > 0 && isWordChar(codes[startIdx - 1]!)) continue;
        let last = i;
        if (isWordChar(pat.last) && i + 1 < length && isWordChar(codes[i + 1]!)) {
          // a plain English plural still names the same thing ("queues", "circuit breakers")
          const plural = codes[i + 1] === 115 && (i + 2 >= length || !isWordChar(codes[i + 2]!));
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
