/** ANSI colours for the text report; identity functions when colour is off. */
export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  gray(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const id = (s: string) => s;

export function colors(enabled: boolean): Colors {
  if (!enabled) return { red: id, yellow: id, blue: id, gray: id, bold: id, underline: id };
  return { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), gray: wrap(90, 39), bold: wrap(1, 22), underline: wrap(4, 24) };
}

/** --color / --no-color win; then NO_COLOR and FORCE_COLOR; then "is it a terminal". */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
