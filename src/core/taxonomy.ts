import type { Locale } from './types.js';

/**
 * The closed sets a question is filed under besides its free topics: the six Well-Architected
 * pillars, the four SAA-C03 exam domains and two levels. Stored as ids; shown in the reader's
 * language; read from any of the names below (either language, the id itself, and the older
 * Korean domain names the first bank used), compared without case or spaces. The Korean domain
 * names follow AWS's Korean exam guide wording (`복원력을 갖춘`, `비용에 최적화된`, `안전한 … 설계`).
 */

export const PILLAR_IDS = [
  'operational-excellence',
  'security',
  'reliability',
  'performance-efficiency',
  'cost-optimization',
  'sustainability',
] as const;
export type PillarId = (typeof PILLAR_IDS)[number];

export const DOMAIN_IDS = ['secure', 'resilient', 'high-performing', 'cost-optimized'] as const;
export type DomainId = (typeof DOMAIN_IDS)[number];

export const LEVELS = ['associate', 'professional'] as const;
export type Level = (typeof LEVELS)[number];

interface Names {
  readonly ko: string;
  readonly en: string;
  /** Other spellings read as this entry. */
  readonly also: readonly string[];
}

export const PILLAR_NAMES: Record<PillarId, Names> = {
  'operational-excellence': { ko: '운영 우수성', en: 'Operational Excellence', also: [] },
  security: { ko: '보안', en: 'Security', also: [] },
  reliability: { ko: '안정성', en: 'Reliability', also: ['신뢰성'] },
  'performance-efficiency': { ko: '성능 효율성', en: 'Performance Efficiency', also: [] },
  'cost-optimization': { ko: '비용 최적화', en: 'Cost Optimization', also: [] },
  sustainability: { ko: '지속 가능성', en: 'Sustainability', also: [] },
};

export const DOMAIN_NAMES: Record<DomainId, Names> = {
  secure: { ko: '안전한 아키텍처 설계', en: 'Design Secure Architectures', also: ['보안 아키텍처 설계'] },
  resilient: {
    ko: '복원력을 갖춘 아키텍처 설계',
    en: 'Design Resilient Architectures',
    also: ['복원력 있는 아키텍처 설계', '복원력 아키텍처 설계'],
  },
  'high-performing': { ko: '고성능 아키텍처 설계', en: 'Design High-Performing Architectures', also: [] },
  'cost-optimized': {
    ko: '비용에 최적화된 아키텍처 설계',
    en: 'Design Cost-Optimized Architectures',
    also: ['비용 최적화 아키텍처 설계'],
  },
};

export const LEVEL_NAMES: Record<Level, Names> = {
  associate: { ko: '어소시에이트', en: 'Associate', also: ['assoc', 'saa'] },
  professional: { ko: '프로페셔널', en: 'Professional', also: ['pro', 'sap'] },
};

const folded = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

function resolver<T extends string>(names: Record<T, Names>): (name: string) => T | null {
  const index = new Map<string, T>();
  for (const [id, n] of Object.entries(names) as [T, Names][]) {
    for (const spelling of [id, n.ko, n.en, ...n.also]) index.set(folded(spelling), id);
  }
  return (name) => index.get(folded(name)) ?? null;
}

export const pillarOf: (name: string) => PillarId | null = resolver(PILLAR_NAMES);
export const domainOf: (name: string) => DomainId | null = resolver(DOMAIN_NAMES);
export const levelOf: (name: string) => Level | null = resolver(LEVEL_NAMES);

export const pillarName = (id: PillarId, locale: Locale): string => PILLAR_NAMES[id][locale];
export const domainName = (id: DomainId, locale: Locale): string => DOMAIN_NAMES[id][locale];
export const levelName = (id: Level, locale: Locale): string => LEVEL_NAMES[id][locale];

export const isPillarId = (value: string): value is PillarId =>
  (PILLAR_IDS as readonly string[]).includes(value);
export const isDomainId = (value: string): value is DomainId =>
  (DOMAIN_IDS as readonly string[]).includes(value);
export const isLevel = (value: string): value is Level => (LEVELS as readonly string[]).includes(value);

/** What one filter word names: a pillar, a domain or a level, or none of them (a topic word). */
export type FilterTarget =
  | { readonly kind: 'pillar'; readonly id: PillarId }
  | { readonly kind: 'domain'; readonly id: DomainId }
  | { readonly kind: 'level'; readonly id: Level }
  | null;

/**
 * `보안` is the pillar, `보안 아키텍처 설계` the domain, `professional` the level; `pillar:보안`,
 * `domain:secure` and `level:pro` say which explicitly. Anything else is a topic word.
 */
export function filterTarget(word: string): FilterTarget {
  const prefixed = /^\s*(pillar|domain|level|기둥|도메인|레벨|난이도)\s*[:=]\s*(.+)$/i.exec(word);
  const kind = prefixed ? (prefixed[1] ?? '').toLowerCase() : null;
  const name = prefixed ? (prefixed[2] ?? '') : word;
  const pillar = kind === null || kind === 'pillar' || kind === '기둥' ? pillarOf(name) : null;
  if (pillar) return { kind: 'pillar', id: pillar };
  const domain = kind === null || kind === 'domain' || kind === '도메인' ? domainOf(name) : null;
  if (domain) return { kind: 'domain', id: domain };
  const level =
    kind === null || kind === 'level' || kind === '레벨' || kind === '난이도' ? levelOf(name) : null;
  if (level) return { kind: 'level', id: level };
  return null;
}

/**
 * What a profile field accepts, for the error that names a wrong value (`pillar: 보안성`): the
 * names in `locale`, or null when the detail is not about a profile field.
 */
export function allowedValues(detail: string, locale: Locale): string | null {
  const field = /^(pillar|domain|level|lastVerified):/.exec(detail)?.[1];
  if (field === 'pillar') return PILLAR_IDS.map((id) => pillarName(id, locale)).join(', ');
  if (field === 'domain') return DOMAIN_IDS.map((id) => domainName(id, locale)).join(', ');
  if (field === 'level') return LEVELS.join(', ');
  if (field === 'lastVerified') return 'YYYY-MM-DD';
  return null;
}

/** A category filter as the settings form shows it: the closed sets picked from lists, the rest as topic words. */
export interface FilterParts {
  readonly pillars: readonly PillarId[];
  readonly domains: readonly DomainId[];
  readonly levels: readonly Level[];
  readonly topics: readonly string[];
}

/** Splits a stored filter (`보안, professional, lambda`) into pillars, domains, levels and topics. */
export function splitFilter(words: readonly string[]): FilterParts {
  const pillars: PillarId[] = [];
  const domains: DomainId[] = [];
  const levels: Level[] = [];
  const topics: string[] = [];
  for (const word of words) {
    const target = filterTarget(word);
    if (target?.kind === 'pillar' && !pillars.includes(target.id)) pillars.push(target.id);
    else if (target?.kind === 'domain' && !domains.includes(target.id)) domains.push(target.id);
    else if (target?.kind === 'level' && !levels.includes(target.id)) levels.push(target.id);
    else if (target === null && !topics.includes(word)) topics.push(word);
  }
  return { pillars, domains, levels, topics };
}

/** The filter to store for the parts, the closed sets by their names in `locale` (read back by `filterTarget`). */
export function joinFilter(parts: FilterParts, locale: Locale): string[] {
  return [
    ...PILLAR_IDS.filter((id) => parts.pillars.includes(id)).map((id) => pillarName(id, locale)),
    ...DOMAIN_IDS.filter((id) => parts.domains.includes(id)).map((id) => domainName(id, locale)),
    ...LEVELS.filter((id) => parts.levels.includes(id)).map((id) => levelName(id, locale)),
    ...parts.topics,
  ];
}
