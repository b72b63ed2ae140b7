import type { App, ButtonAction, RespondFn } from '@slack/bolt';
import { messages } from '../../core/i18n/catalog.js';
import { isGrade } from '../../core/practice.js';
import { replyOutcomeView } from '../../core/render.js';
import type { View } from '../../core/views.js';
import { renderBlocks } from './slack-blocks.js';
import {
  actionAddress,
  type ButtonBody,
  errorText,
  firstTrigger,
  forRequest,
  respondView,
  type SlackContext,
  slackAddress,
} from './slack-context.js';
import { nameLater } from './slack-names.js';

/**
 * Buttons of the core's views (`block_actions`): practice cards and upload previews are
 * ephemeral messages, updated in place through the action's `response_url`. The optional
 * "answer privately" button of a daily question opens a modal whose submission counts as a reply.
 * A press is acted on once per `trigger_id`: a replayed request does nothing (a replayed
 * submission finds its answer stored already, under the modal's view id).
 */

export const PRIVATE_ANSWER_CALLBACK = 'sa-quiz.private-answer';
const ANSWER_BLOCK = 'answer';
const ANSWER_ACTION = 'text';

async function pressed(ctx: SlackContext, body: ButtonBody, action: ButtonAction): Promise<View | null> {
  const address = actionAddress(body);
  if (!address) return null;
  const value = action.value ?? '';
  const userId = body.user.id;
  const id = action.action_id;
  if (id === 'practice.show') return ctx.quiz.practiceAnswer(address, value);
  if (id === 'practice.next') return ctx.quiz.practice(address, userId, '');
  if (id === 'history.show') return ctx.quiz.pastAnswer(address, value);
  // forget-me: only the presser's own data, whatever the value says (the core checks it is theirs).
  if (id === 'forget.confirm') return ctx.quiz.forgetMeConfirm(address, userId, value);
  if (id === 'forget.cancel') return ctx.quiz.forgetMeCancel(address, userId, value);
  const grade = id.slice('practice.'.length);
  if (id.startsWith('practice.') && isGrade(grade))
    return ctx.quiz.practiceGrade(address, userId, value, grade);
  if (id === 'upload.confirm' || id === 'upload.cancel') {
    const actor = await ctx.users.actor(userId, body.user.name ?? body.user.username ?? userId);
    const uploadId = Number(value);
    const reply =
      id === 'upload.confirm'
        ? await ctx.admin.confirmUpload(address, actor, uploadId)
        : await ctx.admin.cancelUpload(address, actor, uploadId);
    return reply.view;
  }
  return null;
}

function readAnswerMetadata(text: string): { teamId?: string; channelId?: string; threadTs?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function registerActions(app: App, base: SlackContext): void {
  // `practice.write` opens a modal (slack-feedback.ts).
  app.action<ButtonBody>(
    /^(practice\.(show|next|again|hard|good|easy)|upload\.(confirm|cancel)|forget\.(confirm|cancel)|history\.show)$/,
    async ({ ack, body, action, respond, context }) => {
      const ctx = forRequest(base, context);
      await ack();
      const reply: RespondFn | undefined = respond;
      try {
        if (!(await firstTrigger(ctx, body.team?.id ?? body.user.team_id, body.trigger_id))) return;
        const view = await pressed(ctx, body, action);
        // A past answer opens beside the list (several can be opened); the rest update in place.
        if (view && reply) await respondView(reply, view, action.action_id !== 'history.show');
      } catch (error) {
        ctx.log.error({ actionId: action.action_id, err: errorText(error) }, 'button failed');
        throw error;
      }
    },
  );

  app.action<ButtonBody>('answer.private', async ({ ack, body, client, context }) => {
    const ctx = forRequest(base, context);
    await ack();
    const address = actionAddress(body);
    const threadTs = body.message?.ts;
    if (!address || !threadTs) return;
    if (!(await firstTrigger(ctx, address.workspaceId, body.trigger_id))) return;
    const labels = messages((await ctx.quiz.channelAt(address)).locale).ui;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: PRIVATE_ANSWER_CALLBACK,
        private_metadata: JSON.stringify({
          teamId: address.workspaceId,
          channelId: address.channelId,
          threadTs,
        }),
        title: { type: 'plain_text', text: labels.privateAnswerTitle },
        submit: { type: 'plain_text', text: labels.submit },
        close: { type: 'plain_text', text: labels.cancel },
        blocks: [
          {
            type: 'input',
            block_id: ANSWER_BLOCK,
            label: { type: 'plain_text', text: labels.privateAnswerLabel },
            element: {
              type: 'plain_text_input',
              action_id: ANSWER_ACTION,
              multiline: true,
              max_length: 2900,
            },
          },
        ],
      },
    });
  });

  app.view(PRIVATE_ANSWER_CALLBACK, async ({ ack, body, view, context }) => {
    const ctx = forRequest(base, context);
    const meta = readAnswerMetadata(view.private_metadata);
    const text = view.state.values[ANSWER_BLOCK]?.[ANSWER_ACTION]?.value ?? '';
    if (!meta.teamId || !meta.channelId || !meta.threadTs || text.trim() === '') {
      await ack();
      return;
    }
    const address = slackAddress(meta.teamId, meta.channelId);
    const outcome = await ctx.quiz.recordReply(address, {
      threadRef: meta.threadTs,
      messageRef: `private:${view.id}`,
      userId: body.user.id,
      userName: ctx.users.knownName(body.user.id),
      isBot: false,
      text,
    });
    nameLater(ctx, outcome, body.user.id);
    const channel = await ctx.quiz.channelAt(address);
    const labels = messages(channel.locale).ui;
    await ack({
      response_action: 'update',
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: labels.privateAnswerTitle },
        close: { type: 'plain_text', text: labels.cancel },
        blocks: renderBlocks(replyOutcomeView(messages(channel.locale), outcome)),
      },
    });
  });
}
