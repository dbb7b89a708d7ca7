import type { DesignModel } from '../model/types';

/**
 * Is this a design document? Ordinary Markdown (READMEs, changelogs, API references,
 * tutorials) must get no diagnostics at all. Front matter decides when present
 * (`faultline: true|false`); otherwise the design model does: design sections (architecture,
 * data flow, deployment…) together with several pieces of infrastructure.
 */
const DESIGN_ROLES = ['architecture', 'data-flow', 'data-model', 'api', 'error-handling', 'deployment', 'availability', 'monitoring', 'infrastructure', 'nonfunctional', 'operations', 'performance'];
const INFRA_KINDS = ['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime', 'loadbalancer', 'gateway', 'compute'];

export interface DocumentVerdict {
  review: boolean;
  reason: string;
}

export function classifyDocument(model: DesignModel): DocumentVerdict {
  const fm = model.frontMatter?.faultline;
  if (fm === false || fm === 'off' || fm === 'false') return { review: false, reason: 'front matter says `faultline: false`' };
  if (fm === true || fm === 'on' || fm === 'true') return { review: true, reason: 'front matter says `faultline: true`' };
  const roles = new Set(model.sections.flatMap((s) => s.roles.filter((r) => DESIGN_ROLES.includes(r))));
  const infra = [...model.entities.values()].filter((e) => INFRA_KINDS.includes(e.kind) && !e.generic);
  const components = [...model.entities.values()].filter((e) => e.kind === 'component').length;
  const flows = model.flows.length;
  const score = roles.size * 2 + Math.min(infra.length, 8) + Math.min(components, 4) + flows * 2;
  const review = roles.size >= 2 && infra.length + components >= 3 && score >= 10;
  const reason = `design sections: ${roles.size} (${[...roles].join(', ') || 'none'}); infrastructure named: ${infra.length}; components: ${components}; data flows: ${flows}`;
  return { review, reason: review ? `looks like a design document (${reason})` : `not a design document (${reason}); add \`faultline: true\` front matter to review it anyway` };
}
