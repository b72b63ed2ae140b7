import { isUtf8 } from 'node:buffer';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  Events,
  type Interaction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type { Admin, AdminReply } from '../../core/admin.js';
import { parseAdminCommand } from '../../core/commands.js';
import { messages } from '../../core/i18n/catalog.js';
import { isGrade } from '../../core/practice.js';
import type { Logger, Quiz, ReplyOutcome } from '../../core/quiz.js';
import { messageView, replyOutcomeView } from '../../core/render.js';
import type { Actor, ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { formatBytes } from '../../io/bounded-read.js';
import { discordAccess } from './discord-access.js';
import { type Answer, Answering, type Repliable } from './discord-answering.js';
import { answerAutocomplete } from './discord-autocomplete.js';
import { adminCommandText, COMMAND_NAMES, OPTION_NAMES } from './discord-commands.js';
import { downloadAttachment } from './discord-download.js';
import { decodeAction } from './discord-embeds.js';
import { apiCode } from './discord-errors.js';
import { newChannelLocale, pressedButtonLocale, viewerLocale } from './discord-locale.js';
import { MODAL_ANSWER_FIELD, practiceAnswerModal, privateAnswerModal } from './discord-modals.js';
import type { WorkQueue } from './work-queue.js';

export interface InteractionDeps {
  readonly client: Client;
  readonly quiz: Quiz;
  readonly admin: Admin;
  readonly queue: WorkQueue;
  readonly logger: Logger;
  readonly maxUploadBytes: number;
  /** Discord wants an answer within 3 s: work still running after this long is deferred first. */
  readonly deferAfterMs: number;
}

/**
 * The channel an interaction belongs to, with what Discord says about languages: the language a
 * channel seen for the first time starts with (newChannelLocale) and the caller's own, for replies
 * only they see. Commands used inside a round's thread act on the thread's parent channel, where
 * the subscription lives.
 */
function addressOf(interaction: Repliable): ChannelAddress | null {
  if (!interaction.guildId || !interaction.channelId) return null;
  const channel = interaction.channel;
  const thread = channel?.isThread() ? channel : null;
  const home = thread ? thread.parent : channel;
  const locale = newChannelLocale(interaction);
  const viewer = viewerLocale(interaction);
  return {
    platform: 'discord',
    workspaceId: interaction.guildId,
    channelId: thread?.parentId ?? interaction.channelId,
    ...(interaction.guild ? { workspaceName: interaction.guild.name } : {}),
    ...(home && 'name' in home && home.name ? { channelName: home.name } : {}),
    ...(locale ? { locale } : {}),
    ...(viewer ? { viewerLocale: viewer } : {}),
  };
}

/** A button that only opens a modal (nothing is written until the modal is submitted). */
function opensModal(interaction: ButtonInteraction): boolean {
  const id = decodeAction(interaction.customId)?.id;
  return id === 'answer.private' || id === 'practice.write';
}

function displayName(interaction: Repliable): string {
  const member = interaction.member;
  if (member && 'displayName' in member) return member.displayName;
  return interaction.user.displayName;
}

/**
 * Manage Server is checked on every call, from the permissions Discord sends with the
 * interaction; they are the member's permissions in the interaction's channel, overwrites
 * included, so Manage Channels there makes them its channel manager.
 */
function actorOf(interaction: Repliable): Actor {
  const permissions = interaction.memberPermissions;
  return {
    userId: interaction.user.id,
    name: displayName(interaction),
    isPlatformAdmin: permissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    managesChannel: async () => permissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
  };
}

/**
 * Slash commands, buttons and modals → Quiz/Admin calls; every answer is ephemeral (or updates the
 * ephemeral message the button sits on) and goes out within Discord's 3 seconds.
 */
export function attachInteractions(deps: InteractionDeps): void {
  const { client, quiz, admin, queue, logger } = deps;
  const answers = new Answering(quiz, logger, deps.deferAfterMs);
  const respond = answers.respond.bind(answers);

  const upload = async (
    interaction: ChatInputCommandInteraction,
    address: ChannelAddress,
    actor: Actor,
  ): Promise<AdminReply> => {
    // Not an admin: the core says so, before anything is downloaded.
    if (!admin.isAdmin(actor)) return admin.run(address, actor, parseAdminCommand('upload'));
    const attachment = interaction.options.getAttachment(OPTION_NAMES.file, true);
    const m = messages((await quiz.channelAt(address)).locale);
    const tooLarge: AdminReply = {
      view: messageView('error', m.error('file_too_large', { max: formatBytes(deps.maxUploadBytes) })),
      file: null,
    };
    if (attachment.size > deps.maxUploadBytes) return tooLarge;
    const bytes = await downloadAttachment(attachment.url, deps.maxUploadBytes);
    if (!bytes) return tooLarge;
    if (!isUtf8(bytes)) return { view: messageView('error', m.error('not_utf8', {})), file: null };
    return admin.previewUpload(address, actor, attachment.name, bytes);
  };

  const command = async (interaction: ChatInputCommandInteraction): Promise<void> => {
    const address = addressOf(interaction);
    if (!address) return;
    const userId = interaction.user.id;
    switch (interaction.commandName) {
      case COMMAND_NAMES.quiz: {
        const past = interaction.options.getInteger(OPTION_NAMES.history);
        const forget = interaction.options.getBoolean(OPTION_NAMES.forgetMe) === true;
        const query = forget
          ? 'forget-me'
          : past !== null
            ? `history ${past}`
            : [OPTION_NAMES.category, OPTION_NAMES.keyword]
                .map((name) => interaction.options.getString(name)?.trim() ?? '')
                .filter((part) => part !== '')
                .join(' ');
        return respond(interaction, 'reply', async () => ({
          view: await quiz.practice(address, userId, query),
        }));
      }
      case COMMAND_NAMES.leaderboard: {
        const period = interaction.options.getString(OPTION_NAMES.period) ?? undefined;
        return respond(interaction, 'reply', async () => ({
          view: await quiz.leaderboard(address, userId, period),
        }));
      }
      case COMMAND_NAMES.admin: {
        const actor = actorOf(interaction);
        const sub = interaction.options.getSubcommand(false) ?? 'help';
        // A role option's value is the role's id (no resolved role object is needed for it).
        const text = adminCommandText(sub, (name) =>
          name === 'role'
            ? String(interaction.options.get(name)?.value ?? '') || null
            : interaction.options.getString(name),
        );
        return respond(interaction, sub === 'upload' || sub === 'export' ? 'deferred' : 'reply', async () => {
          if (sub === 'upload') return upload(interaction, address, actor);
          return admin.run(address, actor, parseAdminCommand(text), async () => discordAccess(interaction));
        });
      }
      default:
        logger.warn({ command: interaction.commandName }, 'unknown slash command');
    }
  };

  const outcomeView = async (address: ChannelAddress, outcome: ReplyOutcome): Promise<View> =>
    replyOutcomeView(messages((await quiz.channelAt(address)).locale), outcome);

  /**
   * Opens a modal. Another replica may have opened it for the same press (40060): the person sees
   * one form either way, so that is not an error.
   */
  const showModal = async (
    interaction: ButtonInteraction,
    modal: Parameters<ButtonInteraction['showModal']>[0],
  ): Promise<void> => {
    try {
      await interaction.showModal(modal);
    } catch (error) {
      if (apiCode(error) !== 40060) throw error;
      logger.debug?.({ interactionId: interaction.id }, 'modal already opened by another delivery');
    }
  };

  const button = async (interaction: ButtonInteraction): Promise<void> => {
    const action = decodeAction(interaction.customId);
    const address = addressOf(interaction);
    if (!action || !address) return;
    // Discord gives 3 s to open a modal, and a modal cannot be deferred: it opens before any
    // database work, in the language of the button pressed. The answer is handled on submit.
    if (action.id === 'answer.private') {
      const m = messages(pressedButtonLocale(interaction));
      return showModal(interaction, privateAnswerModal(m, interaction.message.id));
    }
    if (action.id === 'practice.write') {
      const m = messages(pressedButtonLocale(interaction, (c) => c.feedback.practiceWrite));
      return showModal(interaction, practiceAnswerModal(m, action.value));
    }
    // The reveal's "my feedback": the presser's own note, for their eyes only.
    if (action.id === 'feedback.show')
      return respond(interaction, 'reply', async () => ({
        view: await quiz.feedbackNote(address, interaction.user.id, action.value),
      }));
    // A past round's answer, beside the history list (which stays).
    if (action.id === 'history.show')
      return respond(interaction, 'reply', async () => ({
        view: await quiz.pastAnswer(address, action.value),
      }));
    const actor = actorOf(interaction);
    const userId = interaction.user.id;
    return respond(interaction, 'update', async (): Promise<Answer | null> => {
      switch (action.id) {
        case 'practice.show':
          return { view: await quiz.practiceAnswer(address, action.value) };
        case 'practice.next':
          return { view: await quiz.practice(address, userId, '') };
        case 'upload.confirm':
          return admin.confirmUpload(address, actor, Number(action.value));
        case 'upload.cancel':
          return admin.cancelUpload(address, actor, Number(action.value));
        // forget-me: only the presser's own data (the core checks the button was shown to them).
        case 'forget.confirm':
          return { view: await quiz.forgetMeConfirm(address, userId, action.value) };
        case 'forget.cancel':
          return { view: await quiz.forgetMeCancel(address, userId, action.value) };
        default: {
          const grade = action.id.slice('practice.'.length);
          if (!isGrade(grade)) throw new Error(`unexpected button ${action.id}`);
          return { view: await quiz.practiceGrade(address, userId, action.value, grade) };
        }
      }
    });
  };

  /**
   * A submitted modal: a sealed answer from "answer privately", recorded like a thread reply and
   * shown to nobody; or a typed practice answer, graded, its feedback replacing the practice card
   * (with the card's grade buttons).
   */
  const modal = async (interaction: ModalSubmitInteraction): Promise<void> => {
    const action = decodeAction(interaction.customId);
    const address = addressOf(interaction);
    if (!action || !address) return;
    const text = interaction.fields.getTextInputValue(MODAL_ANSWER_FIELD);
    if (action.id === 'practice.write')
      return respond(interaction, 'update', async () => ({
        view: await quiz.practiceSubmit(address, action.value, text),
      }));
    if (action.id !== 'answer.private') return;
    const reply = {
      threadRef: action.value,
      messageRef: `modal:${interaction.id}`,
      userId: interaction.user.id,
      userName: displayName(interaction),
      isBot: false,
      text,
    };
    return respond(interaction, 'reply', async () => ({
      view: await outcomeView(address, await quiz.recordReply(address, reply)),
    }));
  };

  const handle = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) return answerAutocomplete(interaction, quiz, deps.logger);
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    if (interaction.isButton() && opensModal(interaction)) return button(interaction);
    // Claimed now, awaited inside `respond` (every answer below goes through it).
    answers.claim(interaction);
    if (interaction.isChatInputCommand()) return command(interaction);
    if (interaction.isButton()) return button(interaction);
    return modal(interaction);
  };

  client.on(Events.InteractionCreate, (interaction) => {
    queue.run(`interaction:${interaction.id}`, () => handle(interaction));
  });
}
