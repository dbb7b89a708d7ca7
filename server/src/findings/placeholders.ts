import type { DesignModel, Entity, Language } from '../model/types';
import type { Vocabulary } from '../vocabulary/vocabulary';

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
  // not 「データベース」: that word is itself a (generic) datastore, and an inserted fix must not add one
  ja: { datastore: 'データストア', datastores: '各データストア', queue: 'キュー', dependencies: '外部依存先', services: '各サービス' },
};

function list(names: string[], lang: Language): string {
  return names.join(lang === 'ja' ? '、' : ', ');
}

/**
 * "Secrets Manager", "OpenTelemetry Collector", "DNS Server", 「マイクロサービス」: words for a
 * product or a kind of server, not one of the doc's own services.
 */
const GENERIC_SERVICE_HEAD = /^(?:application|app|web|backend|frontend|proxy|reverse proxy|upstream|downstream|remote|internal|external|worker|micro|マイクロ|内部|外部|上流|下流|リモート|バックエンド|フロントエンド|アプリケーション|ウェブ|プロキシ|リバースプロキシ|新)$/i;
/** "DNS Server", "NAT Gateway", 「SNSサービス」: a protocol or a kind of product, not a service of this design. */
const PROTOCOL_HEAD = /^(?:dns|nat|https?|smtp|s?ftp|ntp|ldap|vpn|cdn|api|web|db|sql|rest|g?rpc|tcp|udp|sns|crud|kube)$/i;
const SERVICE_SUFFIX = /[\s-]*(?:service|server|worker|gateway|handler|processor|scheduler|consumer|producer|dispatcher|generator|aggregator|publisher|subscriber|relay|router|controller|manager|engine|agent|poller|indexer|collector|coordinator|orchestrator|job|サービス|ワーカー|ワーカ|サーバー|サーバ|ゲートウェイ|バッチ|ジョブ)s?$/i;

export function isTechnologyLike(name: string, vocab?: Vocabulary): boolean {
  if (vocab && vocab.techMatcher.match(name).length > 0) return true;
  const head = name.replace(SERVICE_SUFFIX, '').trim();
  if (!head) return true;
  return GENERIC_SERVICE_HEAD.test(head) || PROTOCOL_HEAD.test(head);
}

function ownServices(entities: Entity[], vocab?: Vocabulary): Entity[] {
  return entities.filter((e) => e.kind === 'component' && !isTechnologyLike(e.name, vocab));
}

/** @param inDesign which entities the design uses (default: all); a template never names the others */
export function docNames(model: DesignModel, lang: Language, vocab?: Vocabulary, inDesign: (e: Entity) => boolean = () => true): Omit<Names, 'subject' | 'detail'> {
  const entities = [...model.entities.values()].filter((e) => !e.generic && inDesign(e));
  const stores = entities.filter((e) => e.kind === 'datastore');
  const primary = stores.find((e) => e.role === 'relational') ?? stores.find((e) => e.role !== 'cache' && e.role !== 'object') ?? stores[0];
  const queue = entities.find((e) => e.tech) ?? entities.find((e) => e.kind === 'queue' || e.kind === 'stream');
  const externals = entities.filter((e) => e.kind === 'external');
  const services = ownServices(entities, vocab);
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
  // an empty value takes its brackets and the space before it along: no "()" and no trailing blank
  const withoutEmpty = template.replace(/\s*([（(]?)\{\{\s*(\w+)\s*\}\}([)）]?)/g, (whole, open: string, key: string, close: string) =>
    key in names && names[key as keyof Names] === '' && !open === !close ? '' : whole,
  );
  return withoutEmpty.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in names ? names[key as keyof Names] : whole));
}
