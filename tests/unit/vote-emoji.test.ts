import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/render-text.js';
import { discordRef } from '../../src/adapters/discord/discord-embeds.js';
import { slackRef } from '../../src/adapters/slack/slack-blocks.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { messageView } from '../../src/core/render.js';
import { emojiRef } from '../../src/core/views.js';
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

  it('is shown as each platform shows emoji: Slack by name, Discord and the console as the character', () => {
    expect(slackRef(emojiRef('star'))).toBe(':star:');
    expect(slackRef(emojiRef('party_parrot'))).toBe(':party_parrot:');
    expect(discordRef(emojiRef('star'))).toBe('⭐');
    const howTo = messageView('info', messages('en').votes.howToVote(emojiRef('star')));
    expect(renderText(howTo)).toContain('React with ⭐ to the answers you like');
    // A name no character is known for reads as its name.
    expect(discordRef(emojiRef('party_parrot'))).toContain('party');
  });
});
