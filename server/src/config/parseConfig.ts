import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import YAML from 'yaml';
import { LineIndex, type Range } from '../parse/lineIndex';
import configSchema from '../../../rules/schema/config.schema.json';
import type { ConfigProblem } from './types';

/**
 * One config file, parsed (JSONC or YAML) and checked against `rules/schema/config.schema.json`.
 * Every problem carries the file and a range, so the CLI can print `file:line:col` and the
 * language server can put a diagnostic on the config file.
 */
export type ConfigPath = (string | number)[];

export interface RawConfig {
  $schema?: string;
  extends?: string | string[];
  rules?: Record<string, string>;
  include?: string[];
  exclude?: string[];
  customRules?: string[];
  force?: boolean;
}

export interface ParsedConfigFile {
  file: string;
  /** the validated content; undefined when the file has syntax or schema problems */
  data?: RawConfig;
  problems: ConfigProblem[];
  /** where a value (or, with `key`, its key) is written */
  locate(path: ConfigPath, key?: boolean): Range | undefined;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateConfig = ajv.compile(configSchema);
const TOP_LEVEL_KEYS = Object.keys((configSchema as { properties: Record<string, unknown> }).properties).filter((k) => k !== '$schema');

export function isYamlConfig(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export function parseConfigText(file: string, text: string): ParsedConfigFile {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(src);
  const parsed = isYamlConfig(file) ? parseYaml(src, lines) : parseJsonc(src, lines);
  const problems: ConfigProblem[] = parsed.syntax.map((s) => ({ file, message: s.message, range: s.range }));
  if (problems.length) return { file, problems, locate: parsed.locate };
  const data = parsed.value ?? {};
  if (!validateConfig(data)) {
    for (const p of describeErrors(validateConfig.errors ?? [], data)) {
      problems.push({ file, message: p.message, range: parsed.locate(p.path, p.key) ?? parsed.locate([], false) });
    }
    return { file, problems, locate: parsed.locate };
  }
  return { file, data: data as RawConfig, problems, locate: parsed.locate };
}

interface SyntaxResult {
  value: unknown;
  syntax: { message: string; range: Range }[];
  locate(path: ConfigPath, key?: boolean): Range | undefined;
}

function parseJsonc(text: string, lines: LineIndex): SyntaxResult {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const syntax = errors.map((e) => ({ message: `JSONC syntax error: ${describeJsoncError(printParseErrorCode(e.error))}`, range: lines.range(e.offset, e.offset + e.length) }));
  const locate = (path: ConfigPath, key = false): Range | undefined => {
    if (!tree) return lines.range(0, 0);
    const node: JsonNode | undefined = path.length ? findNodeAtLocation(tree, path) : tree;
    if (!node) return undefined;
    const target = key && node.parent?.type === 'property' ? node.parent.children?.[0] ?? node : node;
    return lines.range(target.offset, target.offset + target.length);
  };
  // getNodeValue builds null-prototype objects; hand out plain ones
  return { value: tree ? JSON.parse(JSON.stringify(getNodeValue(tree))) : undefined, syntax, locate };
}

function describeJsoncError(code: string): string {
  // "PropertyNameExpected" → "property name expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function parseYaml(text: string, lines: LineIndex): SyntaxResult {
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) => ({ message: `YAML syntax error: ${e.message.split('\n')[0]!}`, range: lines.range(e.pos[0], Math.max(e.pos[0], e.pos[1])) }));
  let value: unknown;
  if (!syntax.length) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      syntax.push({ message: `YAML error: ${(e as Error).message}`, range: lines.range(0, 0) });
    }
  }
  const locate = (path: ConfigPath, key = false): Range | undefined => {
    let node: unknown = doc.contents;
    if (!node) return lines.range(0, 0);
    let keyNode: unknown;
    for (const seg of path) {
      if (YAML.isMap(node)) {
        const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) return undefined;
        keyNode = pair.key;
        node = pair.value;
      } else if (YAML.isSeq(node) && typeof seg === 'number') {
        keyNode = undefined;
        node = node.items[seg];
      } else return undefined;
    }
    const target = (key && keyNode ? keyNode : node) as { range?: [number, number, number] } | undefined;
    if (!target?.range) return undefined;
    return lines.range(target.range[0], target.range[1]);
  };
  return { value: value === null ? undefined : value, syntax, locate };
}

interface Described {
  path: ConfigPath;
  key: boolean;
  message: string;
}

/** Turns Ajv's errors into one sentence per place, naming the setting the way the file writes it. */
function describeErrors(errors: ErrorObject[], data: unknown): Described[] {
  const out: Described[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.propertyName !== undefined && e.keyword !== 'propertyNames') continue; // reported by propertyNames
    const path = toPath(e.instancePath, data);
    let d: Described;
    const name = displayPath(path);
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String((e.params as { additionalProperty: string }).additionalProperty);
        d = {
          path: [...path, prop],
          key: true,
          message: path.length ? `unknown key "${prop}" in ${name}` : `unknown key "${prop}"; the keys are ${TOP_LEVEL_KEYS.join(', ')}`,
        };
        break;
      }
      case 'propertyNames': {
        const prop = String((e.params as { propertyName: string }).propertyName);
        d = { path: [...path, prop], key: true, message: `"${prop}" is not a rule id: rule ids are lower-case words joined by hyphens, e.g. dead-letter-queue` };
        break;
      }
      case 'enum': {
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
        d = { path, key: false, message: `${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(valueAt(data, path))})` };
        break;
      }
      case 'type': {
        const t = String((e.params as { type: string | string[] }).type).split(',');
        const want = t.map((x) => (x === 'array' ? 'a list' : x === 'object' ? 'a mapping of keys to values' : `a ${x}`)).join(' or ');
        d = { path, key: false, message: `${path.length ? name : 'the config'} must be ${want} (got ${describeType(valueAt(data, path))})` };
        break;
      }
      case 'minLength':
        d = { path, key: false, message: `${name} must not be empty` };
        break;
      default:
        d = { path, key: false, message: `${path.length ? name : 'the config'} ${e.message ?? 'is invalid'}` };
    }
    const k = `${d.path.join('\u0000')}|${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

function toPath(pointer: string, data: unknown): ConfigPath {
  const out: ConfigPath = [];
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let cur = data;
  for (const seg of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

function displayPath(path: ConfigPath): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s || '(config)';
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
