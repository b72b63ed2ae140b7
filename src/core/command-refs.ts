import { ADMIN_SUBCOMMANDS } from './commands.js';
import { commandRef, type Inline, type RichText } from './views.js';

/**
 * The bot's commands named in text, as command refs each platform shows its own way (Discord: a
 * clickable mention where the command is registered; Slack and the console: code).
 */

const COMMANDS = ['sa-quiz', 'sa-leaderboard', 'sa-admin'];
const COMMAND_IN_TEXT =
  /`\/(sa-quiz|sa-leaderboard|sa-admin)(?: ([a-z-]+))?`|(?<![`\w/])\/(sa-quiz|sa-leaderboard|sa-admin)(?![\w-])/g;

/**
 * Text with the bot's commands in it as command refs: `` `/sa-admin resume` `` (a code span of
 * the command alone, or with an admin subcommand) and a bare /sa-quiz. A code span with
 * arguments (`` `/sa-admin subscribe 09:00` ``) stays as it is: it shows what to type.
 */
export function withCommandRefs(text: string): RichText {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(COMMAND_IN_TEXT)) {
    const [whole, spanned, sub, bare] = match;
    const command = spanned ?? bare ?? '';
    if (!COMMANDS.includes(command)) continue;
    if (sub !== undefined && (command !== 'sa-admin' || !ADMIN_SUBCOMMANDS.has(sub))) continue;
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(commandRef(sub === undefined ? command : `${command} ${sub}`));
    last = at + whole.length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * An admin help line with the subcommands that start its ` · ` parts as command refs
 * (`subscribe [HH:MM] …` → /sa-admin subscribe).
 */
export function adminHelpLine(line: string): RichText {
  const parts: Inline[] = [];
  for (const [i, segment] of line.split(' · ').entries()) {
    if (i > 0) parts.push(' · ');
    const word = /^([a-z-]+)/.exec(segment)?.[1];
    if (word && ADMIN_SUBCOMMANDS.has(word)) {
      parts.push(commandRef(`sa-admin ${word}`));
      if (segment.length > word.length) parts.push(segment.slice(word.length));
    } else parts.push(segment);
  }
  return parts;
}
