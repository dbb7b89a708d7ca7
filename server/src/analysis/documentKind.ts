import type { DesignModel } from '../model/types';

/**
 * Is this a design document? Ordinary Markdown (READMEs, changelogs, API references,
 * tutorials) must get no diagnostics at all. Front matter decides when present
 * (`faultline: true|false`); otherwise signals from the file name, the title and the design
 * model are weighed: design/proposal structure, design sections, infrastructure, flows.
 */
const DESIGN_ROLES = ['architecture', 'data-flow', 'data-model', 'deployment', 'availability', 'monitoring', 'infrastructure', 'nonfunctional', 'operations', 'error-handling'];
const INFRA_KINDS = ['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime', 'loadbalancer', 'gateway', 'compute'];

// Words in a title or file name that say what kind of document this is.
const DESIGN_TITLE = /\b(design|architecture|proposal|kep|rfc|adr|architecture decision|system design|technical spec|tech spec|specification|diagram)\b|設計|アーキテクチャ|方式|構成図|提案/i;
const OTHER_TITLE = /\b(readme|changelog|change log|release notes?|release process|contributing|contribution guide|code of conduct|tutorial|getting started|quick ?start|how to|style guide|coding style|reference|api reference|faq|license|installation|install guide|setup|ecosystem|configuration file|configuration reference|config reference|configuration options|cli reference)\b|チュートリアル|はじめに|入門|手順書|セットアップ|環境構築|リリースノート|変更履歴|コントリビュー/i;
const OTHER_FILE = /(^|\/)(readme|changelog|changes|history|contributing|code_of_conduct|code-of-conduct|license|security|support|releasing|release)(\.[a-z]+)?\.(md|markdown)$/i;
// Proposal/design-doc skeleton headings (KEPs, RFCs, design docs, 設計書)
const DESIGN_HEADING = /\b(motivation|goals?|non-goals|proposal|design|design details|implementation details|solution|alternatives( considered)?|expectations and alternatives|out of scope|risks and mitigations|drawbacks|background|requirements|trade-?offs?|detailed design|high-level design|failure modes?|scalability|availability|consequences|constraints|decision)\b|背景|目的|要件|方針|非機能|設計|範囲|制約|スコープ/i;
// a tutorial walks the reader through steps
const TUTORIAL_HEADING = /\b(what you('|’)ll learn|prerequisites|next steps|troubleshooting|clean ?up)\b|前提条件|手順|次のステップ/i;
const TUTORIAL_OPENING = /\b(this (guide|tutorial) (will|shows|walks)|you will learn|in this tutorial)\b/i;
// a changelog's headings are versions
const VERSION_HEADING = /^\[?v?\d+\.\d+(\.\d+)?/;

export interface DocumentVerdict {
  review: boolean;
  reason: string;
  score: number;
}

export function classifyDocument(model: DesignModel, fileName?: string): DocumentVerdict {
  const fm = model.frontMatter?.faultline;
  if (fm === false || fm === 'off' || fm === 'false') return { review: false, score: 0, reason: 'front matter says `faultline: false`' };
  if (fm === true || fm === 'on' || fm === 'true') return { review: true, score: 0, reason: 'front matter says `faultline: true`' };

  const headings = model.sections.filter((s) => s.depth > 0);
  const fmTitle = typeof model.frontMatter?.title === 'string' ? model.frontMatter.title : '';
  const title = fmTitle || ((headings.find((s) => s.depth === 1) ?? headings[0])?.title ?? '');
  const base = fileName?.replace(/\\/g, '/') ?? '';
  const roles = new Set(headings.flatMap((s) => s.roles.filter((r) => DESIGN_ROLES.includes(r))));
  const infra = [...model.entities.values()].filter((e) => INFRA_KINDS.includes(e.kind) && !e.generic).length;
  const components = [...model.entities.values()].filter((e) => e.kind === 'component').length;
  const designHeadings = headings.filter((s) => DESIGN_HEADING.test(s.title)).length;
  const versionHeadings = headings.filter((s) => VERSION_HEADING.test(s.title)).length;

  const signals: string[] = [];
  let score = 0;
  const add = (points: number, why: string) => {
    if (points === 0) return;
    score += points;
    signals.push(`${why} ${points > 0 ? '+' : ''}${points}`);
  };
  if (OTHER_FILE.test(base)) add(-12, 'file name');
  if (DESIGN_TITLE.test(title) || DESIGN_TITLE.test(base.split('/').pop() ?? '')) add(4, 'design title');
  if (OTHER_TITLE.test(title)) add(-8, `title "${title.slice(0, 40)}"`);
  if (versionHeadings >= 3) add(-12, 'version headings');
  if (headings.filter((s) => TUTORIAL_HEADING.test(s.title)).length >= 2 || TUTORIAL_OPENING.test(model.text.slice(0, 2000))) add(-8, 'tutorial');
  add(Math.min(Math.round(designHeadings * 1.5), 6), 'design-doc headings');
  add(Math.min(roles.size, 5), `design sections (${[...roles].join(', ') || 'none'})`);
  add(Math.min(infra, 6), 'infrastructure named');
  add(Math.min(Math.floor(components / 2), 3), 'components');
  add(Math.min(model.flows.length, 3), 'data flows');
  const review = score >= 7;
  const reason = signals.join(', ') || 'no signals';
  return {
    review,
    score,
    reason: review ? `looks like a design document (score ${score}: ${reason})` : `not a design document (score ${score}: ${reason}); add \`faultline: true\` front matter to review it anyway`,
  };
}
