import type { ButtonInteraction, Interaction } from 'discord.js';
import { type Catalog, messages } from '../../core/i18n/catalog.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../core/types.js';

/**
 * Which of the bot's languages to speak from what Discord tells about people and servers: a
 * Discord client's locale (`ko`, `en-US`, `en-GB`...) and a server's preferred locale.
 */

/** A Discord locale as one of the bot's, or null when the bot does not speak it. */
export function localeOf(discordLocale: string | null | undefined): Locale | null {
  if (!discordLocale) return null;
  const language = discordLocale.toLowerCase().split('-')[0] ?? '';
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : null;
}

/**
 * The language a channel first seen in this interaction should start with. Only Community
 * servers choose a preferred locale (every other server reports Discord's default, `en-US`,
 * whatever its members speak), so there the server's choice wins; elsewhere the language of the
 * person whose command brought the channel in is the better guess. Undefined when neither is a
 * language the bot speaks: the core's default then applies.
 */
export function newChannelLocale(interaction: Interaction): Locale | undefined {
  const community = interaction.guild?.features.includes('COMMUNITY') ?? false;
  const chosen = community ? localeOf(interaction.guildLocale) : null;
  return chosen ?? localeOf(interaction.locale) ?? undefined;
}

/** The language of the person an interaction's reply is for (their Discord client's). */
export function viewerLocale(interaction: Interaction): Locale | undefined {
  return localeOf(interaction.locale) ?? undefined;
}

/**
 * The language of the button that was pressed, read from its label (`labelOf` says what the
 * button is called in each language; by default the "answer privately" button), so a modal can
 * open in the same language as the message without a database read; else the presser's client
 * language, else the default.
 */
export function pressedButtonLocale(
  interaction: ButtonInteraction,
  labelOf: (m: Catalog) => string = (m) => m.answerPrivatelyButton,
): Locale {
  // Undefined when the message Discord sent lacks its components (never for a real press).
  const component = interaction.component as ButtonInteraction['component'] | undefined;
  const label = component && 'label' in component ? component.label : null;
  const fromLabel = LOCALES.find((l) => labelOf(messages(l)) === label);
  return fromLabel ?? localeOf(interaction.locale) ?? DEFAULT_LOCALE;
}
