import type { AutocompleteInteraction } from 'discord.js';
import type { Logger, Quiz } from '../../core/quiz.js';
import type { SuggestField } from '../../core/suggest.js';
import { DEFAULT_LOCALE } from '../../core/types.js';
import { COMMAND_NAMES } from './discord-commands.js';
import { apiCode } from './discord-errors.js';
import { viewerLocale } from './discord-locale.js';

/**
 * Autocomplete (interaction type 4, answered with type 8 within Discord's 3 seconds; it cannot
 * be deferred): categories and keywords of `/sa-quiz`, the categories of `/sa-admin category`,
 * the time zone of `/sa-admin subscribe`, in the typist's language. Nothing is created and
 * nothing retried: the next keystroke asks again. An unknown interaction (10062: too late) or one
 * already answered (40060: another replica) is not an error; if the suggestions fail, an empty
 * list is sent so the client stops waiting.
 */

/** `command/subcommand/option` (no subcommand: `command//option`) → what it suggests. */
const FIELDS: Readonly<Record<string, SuggestField>> = {
  [`${COMMAND_NAMES.quiz}//category`]: 'category',
  [`${COMMAND_NAMES.quiz}//keyword`]: 'keyword',
  [`${COMMAND_NAMES.admin}/category/categories`]: 'categories',
  [`${COMMAND_NAMES.admin}/subscribe/timezone`]: 'timezone',
};

/** Codes that mean the answer is no longer wanted. */
const MOOT = new Set([10062, 40060]);

export async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  quiz: Quiz,
  log: Logger,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const sub = interaction.options.getSubcommand(false) ?? '';
  const field = FIELDS[`${interaction.commandName}/${sub}/${focused.name}`];
  let choices: { name: string; value: string }[] = [];
  if (field && interaction.guildId) {
    try {
      const address = {
        platform: 'discord' as const,
        workspaceId: interaction.guildId,
        channelId: interaction.channelId ?? '',
      };
      const locale = viewerLocale(interaction) ?? DEFAULT_LOCALE;
      choices = [...(await quiz.suggest(address, field, String(focused.value), locale))];
    } catch (error) {
      log.warn({ field, err: error instanceof Error ? error.message : String(error) }, 'suggestions failed');
    }
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    if (MOOT.has(apiCode(error) ?? 0)) return;
    log.warn(
      { field, code: apiCode(error), err: error instanceof Error ? error.message : String(error) },
      'autocomplete answer failed',
    );
  }
}
