import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../src/core/commands.js';
import { parseVoteEmoji } from '../../src/core/votes.js';

describe('vote-emoji', () => {
  it('reads a Slack emoji name with or without colons; refuses anything else', () => {
    expect(parseVoteEmoji(':tada:')).toBe('tada');
    expect(parseVoteEmoji('+1')).toBe('+1');
    expect(parseVoteEmoji('Party_Parrot')).toBe('party_parrot');
    for (const bad of ['', '<!here>', 'two words', ':', '⭐']) expect(parseVoteEmoji(bad), bad).toBeNull();
    expect(parseAdminCommand('vote-emoji :tada:')).toEqual({
      ok: true,
      value: { name: 'vote-emoji', emoji: 'tada' },
    });
    expect(parseAdminCommand('투표 <!here>').ok).toBe(false);
  });
});
