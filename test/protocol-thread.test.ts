/**
 * The language server's protocol thread knows the rules, not the engine: its bundle leaves the
 * engine out (the analysis worker has it), it loads the rules as a RuleSet that says exactly what
 * an Analyzer says of the same files, and its code actions are built from the document text and
 * the directive places the analysis host found.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from '../server/src/analysis/analyzer';
import { directiveInsertion } from '../server/src/findings/directives';
import { directivePlaces } from '../server/src/findings/suppressions';
import { RuleSet } from '../server/src/rules/ruleSet';
import { AnalysisHost } from '../server/src/adapters/lsp/analysisHost';
import { buildCodeActions } from '../server/src/adapters/lsp/codeActions';
import { toDiagnostics } from '../server/src/adapters/lsp/diagnostics';
import { REPO_ROOT } from './helpers/lspClient';

const bundle = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'dist', name), 'utf8');
/** the source files esbuild bundled, from the `// path` line it writes before each module */
const bundledModules = (code: string) => new Set([...code.matchAll(/^\/\/ ((?:server\/src|node_modules)\/\S+)$/gm)].map((m) => m[1]!));

describe('the server bundle', () => {
  test('holds no engine, parser or vocabulary: the analysis worker bundle does', () => {
    const server = bundledModules(bundle('server.js'));
    const worker = bundledModules(bundle('analysisWorker.js'));
    const engine = (m: string) => /^server\/src\/(engine|model|report|analysis\/analyzer|vocabulary\/vocabulary\.ts|vocabulary\/phraseMatcher|parse\/blocks)/.test(m) || /^node_modules\/(micromark|remark-|unified|mdast-)/.test(m);
    assert.ok(server.has('server/src/adapters/lsp/server.ts') && server.has('server/src/rules/ruleSet.ts'), 'the module comments are there to check');
    assert.deepEqual([...server].filter(engine), []);
    assert.ok([...worker].filter(engine).length > 20, 'the worker has the engine');
  });

  test('is ASCII, so that V8 holds its source at one byte a character', () => {
    const code = bundle('server.js');
    const at = code.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `non-ASCII at ${at}: ${JSON.stringify(code.slice(Math.max(0, at - 60), at + 20))}`);
  });
});

describe('RuleSet: the rules without the engine', () => {
  const ruleText = (id: string) => fs.readFileSync(path.join(REPO_ROOT, 'rules', `${id}.yaml`), 'utf8');
  const pack = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-pack-'));
    // a rule of its own, using a concept the pack defines
    fs.writeFileSync(path.join(dir, 'team-dlq.yaml'), `${ruleText('dead-letter-queue').replace(/^id: dead-letter-queue$/m, 'id: team-dlq')}\nconcepts:\n  team-parking-lot:\n    terms: [parking lot queue]\n`);
    // a built-in id again, a concept nobody defines, a broken file
    fs.writeFileSync(path.join(dir, 'timeout.yaml'), ruleText('timeout'));
    fs.writeFileSync(path.join(dir, 'team-ghost.yaml'), ruleText('dead-letter-queue').replace(/^id: dead-letter-queue$/m, 'id: team-ghost').replace(/coveredBy:\s*\[/, 'coveredBy: [no-such-concept, '));
    fs.writeFileSync(path.join(dir, 'team-bad.yaml'), 'id: team-bad\ntier: loud\n');
    return dir;
  };

  test('the built-in rules: the same ids and no problems', () => {
    const set = RuleSet.load();
    const analyzer = new Analyzer();
    assert.deepEqual(set.rules.map((r) => r.id), analyzer.rules.map((r) => r.id));
    assert.equal(set.rules.length, fs.readdirSync(path.join(REPO_ROOT, 'rules')).filter((f) => f.endsWith('.yaml')).length);
    assert.deepEqual(set.problems, []);
    assert.equal(set.rule('dead-letter-queue')?.tier, analyzer.rule('dead-letter-queue')?.tier);
    assert.equal(set.rule('no-such-rule'), undefined);
  });

  test('a custom pack: the same rules and the same problems as the Analyzer (duplicate id, unknown concept, broken file)', () => {
    const dir = pack();
    try {
      const set = RuleSet.load({ extraRuleDirs: [dir] });
      const analyzer = new Analyzer({ extraRuleDirs: [dir] });
      assert.deepEqual(set.rules.map((r) => r.id), analyzer.rules.map((r) => r.id));
      assert.ok(set.rules.some((r) => r.id === 'team-dlq') && set.rules.some((r) => r.id === 'team-ghost'));
      assert.deepEqual(set.problems, analyzer.problems);
      const messages = set.problems.map((p) => `${path.basename(p.file)}: ${p.message}`);
      assert.ok(messages.includes('timeout.yaml: rule id "timeout" is already defined'), messages.join('\n'));
      assert.ok(messages.includes('team-ghost.yaml: rule "team-ghost" refers to unknown concept "no-such-concept"'), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith('team-bad.yaml: ') && /tier/.test(m)), messages.join('\n'));
      assert.ok(!messages.some((m) => m.includes('team-parking-lot')), 'a concept the pack defines is known');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('directives from places', () => {
  const doc = ['---', 'title: Orders', '---', '# Orders', '', '## Payments', '', 'The service calls the Stripe API.', '', '- first item', '- second item calls the Stripe API'].join('\r\n');

  test('the places the host finds, and the lines inserted there, in the document\'s own line breaks', () => {
    const analyzer = new Analyzer();
    const model = analyzer.modelOf(doc);
    const anchor = doc.indexOf('second item');
    const places = directivePlaces(model, anchor);
    assert.equal(places.file, doc.indexOf('# Orders'), 'after the front matter');
    assert.equal(places.section, doc.indexOf('The service') - 2, 'the line after "## Payments"');
    assert.equal(places.accept, doc.indexOf('- first item'), 'before the whole list, not between its items');
    const none = { reason: 'why', ticket: 'T-1' };
    assert.deepEqual(directiveInsertion(doc, places, 'section', 'circuit-breaker', none), { offset: places.section, text: '<!-- faultline-disable circuit-breaker -->\r\n', title: 'disable circuit-breaker for this section' });
    assert.deepEqual(directiveInsertion(doc, places, 'file', 'timeout', none), { offset: places.file, text: '<!-- faultline-disable-file timeout -->\r\n', title: 'disable timeout for this file' });
    assert.deepEqual(directiveInsertion(doc, places, 'accept', 'timeout', none), { offset: places.accept, text: '<!-- faultline-accept timeout: why, T-1 -->\r\n', title: 'accept the risk of timeout' });
    // at the very end of a text without a final line break, the directive starts a line of its own
    const end = { section: doc.length, file: doc.length, accept: doc.length };
    assert.equal(directiveInsertion(doc, end, 'section', 'timeout', none).text, '\r\n<!-- faultline-disable timeout -->');
  });

  test('the analysis host answers a places job with the model of the text it was given', () => {
    const host = new AnalysisHost();
    const anchors = [doc.indexOf('Stripe'), doc.indexOf('second item')];
    const response = host.handle({ id: 7, pack: { id: 0, dirs: [] }, job: { kind: 'places', text: doc, anchors } });
    const model = new Analyzer().modelOf(doc);
    assert.deepEqual(response, { id: 7, places: anchors.map((a) => directivePlaces(model, a)) });
  });

  test('a code action request whose document changes while the places are looked up gets no actions', async () => {
    const analyzer = new Analyzer();
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8');
    const uri = 'file:///tmp/payments.md';
    const document = TextDocument.create(uri, 'markdown', 3, text);
    const result = analyzer.analyze(text, { fileName: uri });
    assert.ok(result.findings.length > 0);
    const diagnostics: Diagnostic[] = toDiagnostics(result, { uri, version: 3, language: result.language, docUri: () => undefined });
    const params: CodeActionParams = { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics: [diagnostics[0]!], only: [CodeActionKind.QuickFix] } };
    const model = analyzer.modelOf(text);
    const places = async (anchors: number[]) => anchors.map((a) => directivePlaces(model, a));
    const input = { params, document, findings: result.findings, language: result.language, documentChanges: true };
    const actions = await buildCodeActions({ ...input, places });
    assert.ok(actions.some((a) => a.title.startsWith('Disable') || /disable/i.test(a.title)), actions.map((a) => a.title).join('\n'));
    const moving = async (anchors: number[]) => {
      TextDocument.update(document, [{ text: 'x' }], 4);
      return places(anchors);
    };
    assert.deepEqual(await buildCodeActions({ ...input, places: moving }), []);
  });
});
