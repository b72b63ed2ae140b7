import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  MessageFlags,
  type ModalMessageModalSubmitInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { ExportFile } from '../../core/admin.js';
import { messages } from '../../core/i18n/catalog.js';
import type { Logger, Quiz } from '../../core/quiz.js';
import { messageView } from '../../core/render.js';
import type { View } from '../../core/views.js';
import { type DiscordMessage, NO_MENTIONS, renderView } from './discord-embeds.js';

/**
 * How a Discord interaction is answered: claimed once in the database, answered within Discord's
 * 3 seconds (deferred first when the work is slow), and given the failure message once when
 * anything goes wrong. What each interaction does is discord-interactions.ts.
 */

export type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** What an interaction is answered with: a view, and a file for exports. */
export interface Answer {
  readonly view: View;
  readonly file?: ExportFile | null;
}

/**
 * Shown when something unexpected failed (the error itself is logged, never shown). Both languages:
 * the failure may be the database, which holds the channel's language.
 */
const FAILURE_TEXT = `${messages('ko').internalError} (${messages('en').internalError})`;

const SLOW = Symbol('slow');
/** Another delivery (replica) claimed the interaction: nothing to send here. */
const LOST = Symbol('lost');
/**
 * How long an answer that defers at once (an upload, an export) waits for its claim before it
 * defers anyway: a busy database must not make it miss Discord's 3 s.
 */
const CLAIM_WAIT_MS = 1_500;

class ClaimFailed extends Error {}

type Claim = 'won' | 'lost' | 'failed';

/**
 * The interaction whose answer may replace the message it came from: a button press, or a modal
 * opened from a button (it updates the button's message), else null.
 */
function updatable(interaction: Repliable): ButtonInteraction | ModalMessageModalSubmitInteraction | null {
  if (interaction.isButton()) return interaction;
  if (interaction.isModalSubmit() && interaction.isFromMessage()) return interaction;
  return null;
}

export function messageOptions(message: DiscordMessage, file: ExportFile | null | undefined) {
  return {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_MENTIONS,
    ...(file ? { files: [{ attachment: Buffer.from(file.content, 'utf8'), name: file.name }] } : {}),
  };
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class Answering {
  private readonly claims = new WeakMap<Repliable, Promise<Claim>>();

  constructor(
    private readonly quiz: Quiz,
    private readonly logger: Logger,
    /** Work still running after this long is deferred first. */
    private readonly deferAfterMs: number,
  ) {}

  /**
   * Exactly once, however many replicas receive it: a command, button or modal is claimed by its
   * interaction id in the database (processed_events) before anything is sent for it — a reply, a
   * deferral or a modal. Two replicas get the same interaction when a guild is briefly on two
   * shards (shards moving between replicas) or a resumed session replays it; the one that loses
   * the claim sends nothing (Discord would refuse its answer with 40060). A claim the database
   * cannot take is answered with the failure message, never dropped. Not claimed, because they
   * change nothing, must answer within 3 s without a database in their way and cannot be deferred:
   * autocomplete (discord-autocomplete.ts ignores a 40060) and the buttons that only open a modal
   * (the modal's submission is claimed like any interaction). Started here, awaited in `respond`.
   */
  claim(interaction: Repliable): void {
    this.claims.set(
      interaction,
      this.quiz.firstDelivery('discord', `interaction:${interaction.id}`).then(
        (first): Claim => (first ? 'won' : 'lost'),
        (error: unknown): Claim => {
          this.logger.error(
            { interactionId: interaction.id, err: errorText(error) },
            'could not claim an interaction in the database; answered with the failure message',
          );
          return 'failed';
        },
      ),
    );
  }

  /**
   * The failure message, once, as the interaction's answer (or its deferred reply's edit). The
   * error itself is logged by the caller; a refusal of this answer is not logged again.
   */
  async failure(interaction: Repliable): Promise<void> {
    const [failure] = renderView(messageView('error', FAILURE_TEXT));
    if (!failure) return;
    const options = messageOptions(failure, null);
    if (interaction.deferred || interaction.replied) await interaction.editReply(options).catch(() => {});
    else
      await interaction
        .reply({ ...options, flags: MessageFlags.Ephemeral } as InteractionReplyOptions)
        .catch(() => {});
  }

  /**
   * Replies (or updates the button's message) with `work`'s view, deferring first if it is slow;
   * `deferred` defers at once, for work that downloads or builds files. `work` returns null when
   * there is nothing to send. It runs once the claim is won; the claim's time counts towards
   * deferring in time.
   */
  async respond(
    interaction: Repliable,
    mode: 'reply' | 'update' | 'deferred',
    work: () => Promise<Answer | null>,
  ): Promise<void> {
    const claimed = this.claims.get(interaction) ?? Promise.resolve<Claim>('won');
    const job = claimed.then<Answer | null | typeof LOST>((c) => {
      if (c === 'lost') return LOST;
      if (c === 'failed') throw new ClaimFailed();
      return work();
    });
    job.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<typeof SLOW>((resolve) => {
      // Deferring at once: after the claim (the loser must not acknowledge), or after CLAIM_WAIT_MS.
      if (mode === 'deferred') {
        timer = setTimeout(() => resolve(SLOW), CLAIM_WAIT_MS);
        void claimed.then(() => resolve(SLOW));
      } else timer = setTimeout(() => resolve(SLOW), this.deferAfterMs);
    });
    const update = mode === 'update' ? updatable(interaction) : null;
    try {
      let answer = await Promise.race([job, slow]).finally(() => clearTimeout(timer));
      if (answer === SLOW) {
        if (update) await update.deferUpdate();
        else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        answer = await job;
      }
      if (answer === LOST) {
        this.logger.debug?.(
          { interactionId: interaction.id, guildId: interaction.guildId },
          'interaction already claimed by another delivery; not answered here',
        );
        // Deferred before the slow claim came back: the other delivery answers, not this one.
        if (interaction.deferred) await interaction.deleteReply().catch(() => {});
        return;
      }
      if (answer === null) return;
      const [first, ...more] = renderView(answer.view);
      if (!first) return;
      const options = messageOptions(first, answer.file);
      if (interaction.deferred) await interaction.editReply(options);
      else if (update) await update.update(options);
      else await interaction.reply({ ...options, flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
      for (const message of more)
        await interaction.followUp({ ...messageOptions(message, null), flags: MessageFlags.Ephemeral });
    } catch (error) {
      // A failed claim was logged by `claim` already.
      if (!(error instanceof ClaimFailed))
        this.logger.error({ interactionId: interaction.id, err: errorText(error) }, 'interaction failed');
      await this.failure(interaction);
    }
  }
}
