import type { OutputFormat } from '../args';
import type { Formatter } from '../report';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';

export const FORMATTERS: Record<OutputFormat, Formatter> = { text: formatText, json: formatJson, sarif: formatSarif };
export { formatJson, formatSarif, formatText };
