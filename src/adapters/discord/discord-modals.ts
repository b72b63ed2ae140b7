import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';
import type { Catalog } from '../../core/i18n/catalog.js';
import { encodeAction, truncate } from './discord-embeds.js';

/**
 * The modals the bot opens: an answer to a daily question given privately, and a typed answer to
 * a practice card. Each is built from the catalog alone (no database read: Discord allows 3 s to
 * open a modal, and a modal cannot be deferred); its custom id carries what the submit needs.
 */

/** The text input's custom id in every modal. */
export const MODAL_ANSWER_FIELD = 'answer';
/** Discord's limits for a modal's title and a text input's label (45) and placeholder (100). */
const MODAL_TEXT_MAX = 45;
const MODAL_PLACEHOLDER_MAX = 100;
const ANSWER_MAX = 4000;

function answerModal(
  customId: string,
  title: string,
  label: string,
  placeholder: string,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: truncate(title, MODAL_TEXT_MAX),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: MODAL_ANSWER_FIELD,
            style: TextInputStyle.Paragraph,
            label: truncate(label, MODAL_TEXT_MAX),
            placeholder: truncate(placeholder, MODAL_PLACEHOLDER_MAX),
            required: true,
            max_length: ANSWER_MAX,
          },
        ],
      },
    ],
  };
}

/** "Answer privately" on a daily question (`questionRef`: the question's message id, its thread). */
export function privateAnswerModal(m: Catalog, questionRef: string): APIModalInteractionResponseCallbackData {
  return answerModal(
    encodeAction('answer.private', questionRef),
    m.answerPrivatelyButton,
    m.ui.privateAnswerTitle,
    m.ui.privateAnswerLabel,
  );
}

/** "Write an answer" on a practice card of question `key`. */
export function practiceAnswerModal(m: Catalog, key: string): APIModalInteractionResponseCallbackData {
  return answerModal(
    encodeAction('practice.write', key),
    m.feedback.practiceAnswerTitle,
    m.feedback.yourAnswer,
    m.feedback.practiceAnswerLabel,
  );
}
