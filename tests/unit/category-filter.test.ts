import { describe, expect, it } from 'vitest';
import { termsMatchCategories } from '../../src/core/selection.js';
import { joinFilter, splitFilter } from '../../src/core/taxonomy.js';

/** The settings form's category filter: a stored filter split into lists and back, meaning the same. */
describe('category filter as the settings form shows it', () => {
  it('splits names in either language into pillars, domains, levels and topic words', () => {
    expect(
      splitFilter(['보안', 'Design Resilient Architectures', 'pro', 'Lambda', '보안', 'domain:secure']),
    ).toEqual({
      pillars: ['security'],
      domains: ['resilient', 'secure'],
      levels: ['professional'],
      topics: ['Lambda'],
    });
    expect(splitFilter([])).toEqual({ pillars: [], domains: [], levels: [], topics: [] });
  });

  it('joins back to names in the form language that select the same questions', () => {
    const parts = {
      pillars: ['security'],
      domains: ['secure'],
      levels: ['associate'],
      topics: ['VPC'],
    } as const;
    const ko = joinFilter(parts, 'ko');
    expect(ko).toEqual(['보안', '안전한 아키텍처 설계', '어소시에이트', 'VPC']);
    expect(splitFilter(ko)).toEqual(parts);
    expect(splitFilter(joinFilter(parts, 'en'))).toEqual(parts);
    const terms = {
      titles: [],
      categories: [],
      aliases: [],
      pillars: [],
      domains: [],
      levels: ['associate'],
    };
    expect(termsMatchCategories(terms, ko)).toBe(true);
    expect(termsMatchCategories({ ...terms, levels: ['professional'] }, ko)).toBe(false);
  });
});
