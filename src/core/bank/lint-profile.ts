import type { Locale, QuestionText } from '../types.js';
import { PROFILE_KEYS, profileJson } from './profile.js';
import type { BankQuestion } from './types.js';

/**
 * Lint for the bank v2 fields (docs/bank-format.md, "Question profile"). These are warnings:
 * a v1 bank still imports. `profile_incomplete` is only reported for a bank that writes the v2
 * fields at all, so an old bank is not buried in warnings it never asked for.
 */

export const PROFILE_FIELDS = [...PROFILE_KEYS, 'followUp', 'docs'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export type ProfileWarning =
  | {
      readonly code: 'profile_incomplete';
      readonly id: string;
      readonly title: string;
      readonly locale: Locale;
      readonly missing: readonly ProfileField[];
      readonly message: string;
    }
  | {
      readonly code: 'profile_differs';
      readonly id: string;
      readonly title: string;
      readonly message: string;
    }
  | {
      readonly code: 'duplicate_follow_up';
      readonly ids: readonly string[];
      readonly locale: Locale;
      readonly followUp: string;
      readonly message: string;
    };

function missingOf(t: QuestionText): ProfileField[] {
  const has: Record<ProfileField, boolean> = {
    brief: Boolean(t.brief),
    whenNotToUse: (t.whenNotToUse?.length ?? 0) > 0,
    pillars: (t.pillars?.length ?? 0) > 0,
    domains: (t.domains?.length ?? 0) > 0,
    level: Boolean(t.level),
    lastVerified: Boolean(t.lastVerified),
    followUp: t.followUp !== null,
    docs: t.docs !== null,
  };
  return PROFILE_FIELDS.filter((f) => !has[f]);
}

const texts = (q: BankQuestion): [Locale, QuestionText][] =>
  Object.entries(q.texts).filter((e): e is [Locale, QuestionText] => e[1] !== undefined);

/** The language-independent part of the profile, which every language must agree on. */
const shared = (t: QuestionText): string => {
  const { brief: _b, whenNotToUse: _w, ...rest } = profileJson(t);
  return JSON.stringify(rest);
};

const folded = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export function profileWarnings(questions: readonly BankQuestion[]): ProfileWarning[] {
  const warnings: ProfileWarning[] = [];
  // A bank writing any field v1 never had is a v2 bank (every question should then have them all).
  const v2 = questions.some((q) =>
    texts(q).some(([, t]) => Boolean(t.brief || t.whenNotToUse?.length || t.level || t.lastVerified)),
  );
  const followUps = new Map<string, string[]>();
  for (const q of questions) {
    const wordings = texts(q);
    for (const [locale, t] of wordings) {
      const missing = missingOf(t);
      if (v2 && missing.length > 0) {
        warnings.push({
          code: 'profile_incomplete',
          id: q.key,
          title: t.title,
          locale,
          missing,
          message: `"${t.title}" (${locale}) has no ${missing.join(', ')}`,
        });
      }
      if (t.followUp) {
        const key = `${locale}\u0000${folded(t.followUp)}`;
        followUps.set(key, [...(followUps.get(key) ?? []), q.key]);
      }
    }
    if (new Set(wordings.map(([, t]) => shared(t))).size > 1) {
      const title = wordings[0]?.[1].title ?? '';
      warnings.push({
        code: 'profile_differs',
        id: q.key,
        title,
        message: `"${title}": pillars, domains, level or last-verified date differ between its languages`,
      });
    }
  }
  for (const [key, ids] of followUps) {
    if (ids.length < 2) continue;
    const [locale, followUp] = key.split('\u0000') as [Locale, string];
    warnings.push({
      code: 'duplicate_follow_up',
      ids,
      locale,
      followUp,
      message: `the same follow-up (${locale}) is on ${ids.join(', ')}`,
    });
  }
  return warnings;
}
