import type { DesignModel, Language } from '../model/types';

/**
 * Fills `{{subject}}`, `{{datastore}}`… with the doc's own names, so that messages and inserted
 * sections speak about the real queue, table and dependency, never about "X".
 */
export interface Names {
  subject: string;
  detail: string;
  datastore: string;
  datastores: string;
  queue: string;
  dependencies: string;
  services: string;
}

const FALLBACK: Record<Language, Omit<Names, 'subject' | 'detail'>> = {
  en: { datastore: 'the database', datastores: 'the datastores', queue: 'the queue', dependencies: 'the external dependencies', services: 'the services' },
  ja: { datastore: 'データベース', datastores: '各データストア', queue: 'キュー', dependencies: '外部依存先', services: '各サービス' },
};

function list(names: string[], lang: Language): string {
  return names.join(lang === 'ja' ? '、' : ', ');
}

export function docNames(model: DesignModel, lang: Language): Omit<Names, 'subject' | 'detail'> {
  const entities = [...model.entities.values()].filter((e) => !e.generic);
  const stores = entities.filter((e) => e.kind === 'datastore');
  const primary = stores.find((e) => e.role === 'relational') ?? stores.find((e) => e.role !== 'cache' && e.role !== 'object') ?? stores[0];
  const queue = entities.find((e) => e.tech) ?? entities.find((e) => e.kind === 'queue' || e.kind === 'stream');
  const externals = entities.filter((e) => e.kind === 'external');
  const services = entities.filter((e) => e.kind === 'component');
  const fb = FALLBACK[lang];
  return {
    datastore: primary?.name ?? fb.datastore,
    datastores: stores.length ? list(stores.map((e) => e.name), lang) : fb.datastores,
    queue: queue ? (queue.tech ? `\`${queue.name}\`` : queue.name) : fb.queue,
    dependencies: externals.length ? list(externals.map((e) => e.name), lang) : fb.dependencies,
    services: services.length ? list(services.slice(0, 8).map((e) => e.name), lang) : fb.services,
  };
}

export function fill(template: string, names: Names): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in names ? names[key as keyof Names] : whole));
}
