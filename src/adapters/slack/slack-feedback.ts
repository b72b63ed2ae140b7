import type { App } from '@slack/bolt';
import { messages } from '../../core/i18n/catalog.js';
import { messageView } from '../../core/render.js';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { renderMessages } from './slack-blocks.js';
import {
  actionAddress,
  type ButtonBody,
  errorText,
  firstTrigger,
  forRequest,
  respondView,
  responseUrlPoster,
  type SlackContext,
  slackAddress,
} from './slack-context.js';

/**
 * Feedback on answers, on Slack:
 * - the reveal's "내 피드백" button (`feedback.show`) answers the presser alone, with an ephemeral
 *   message in the reveal's thread holding their own note (or "no answer" for someone who did
 *   not answer): once per `trigger_id`, like every button;
 * - a practice card's "답 써 보기" button (`practice.write`) opens a modal at once (its trigger id
 *   lives 3 s, so nothing is read first: the modal speaks the language of the button's label).
 *   On submit the modal closes, the answer is graded and the practice card (through the
 *   `response_url` kept in the modal's private metadata) becomes the feedback with the
 *   suggested self-grade highlighted; its grade buttons are the practice card's own. An empty
 *   answer keeps the modal open with an error under the field.
 */

export const PRACTICE_ANSWER_CALLBACK = 'sa-quiz.practice-answer';
const ANSWER_BLOCK = 'answer';
const ANSWER_ACTION = 'text';
/** Slack's limits: a plain_text_input holds 3000 characters, a modal title 24. */
const MAX_ANSWER = 3000;
const MODAL_TITLE_MAX = 24;
/** Where Slack's `response_url`s live. */
const SLACK_HOOKS = 'https://hooks.slack.com';

interface PracticeMetadata {
  readonly teamId: string;
  readonly channelId: string;
  readonly key: string;
  readonly responseUrl: string;
  readonly locale: Locale;
}

/** The language of the pressed button, from its label (the card was shown in that language). */
function pressedLocale(label: string | undefined): Locale {
  return LOCALES.find((l) => messages(l).feedback.practiceWrite === label) ?? DEFAULT_LOCALE;
}

function readMetadata(text: string): PracticeMetadata | null {
  try {
    const m = JSON.parse(text) as Partial<Record<keyof PracticeMetadata, unknown>>;
    const strings = [m.teamId, m.channelId, m.key, m.responseUrl, m.locale];
    if (!strings.every((v): v is string => typeof v === 'string' && v !== '')) return null;
    const [teamId, channelId, key, responseUrl, locale] = strings as [string, string, string, string, string];
    return isLocale(locale) ? { teamId, channelId, key, responseUrl, locale } : null;
  } catch {
    return null;
  }
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Only Slack's own response URLs (or the configured API host's, for a proxy or tests) are posted to. */
function trustedResponseUrl(ctx: SlackContext, url: string): boolean {
  try {
    const origin = new URL(url).origin;
    return origin === SLACK_HOOKS || origin === new URL(ctx.apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Shows the graded answer where the practice card was. When its `response_url` is spent (more
 * than 30 minutes spent writing, say), the result comes as a new ephemeral message instead.
 */
async function showOnCard(ctx: SlackContext, meta: PracticeMetadata, userId: string, view: View) {
  if (trustedResponseUrl(ctx, meta.responseUrl)) {
    try {
      await respondView(responseUrlPoster(meta.responseUrl), view, true);
      return;
    } catch (error) {
      ctx.log.info({ err: errorText(error) }, 'practice card gone; showing the feedback as a new message');
    }
  }
  for (const message of renderMessages(view))
    await ctx.client.chat.postEphemeral({
      channel: meta.channelId,
      user: userId,
      text: message.text,
      blocks: message.blocks,
    });
}

export function registerFeedback(app: App, base: SlackContext): void {
  app.action<ButtonBody>('feedback.show', async ({ ack, body, action, respond, context }) => {
    const ctx = forRequest(base, context);
    await ack();
    try {
      const address = actionAddress(body);
      if (!address || !(await firstTrigger(ctx, address.workspaceId, body.trigger_id))) return;
      const view = await ctx.quiz.feedbackNote(address, body.user.id, action.value ?? '');
      // The reveal is a reply in the round's thread: the note shows there too.
      const thread = body.message?.thread_ts;
      await respondView(respond, view, false, typeof thread === 'string' ? thread : undefined);
    } catch (error) {
      ctx.log.error({ actionId: action.action_id, err: errorText(error) }, 'button failed');
      throw error;
    }
  });

  app.action<ButtonBody>('practice.write', async ({ ack, body, action, client }) => {
    await ack();
    const address = actionAddress(body);
    if (!address || !action.value) return;
    const locale = pressedLocale(action.text?.text);
    const m = messages(locale);
    const metadata: PracticeMetadata = {
      teamId: address.workspaceId,
      channelId: address.channelId,
      key: action.value,
      responseUrl: body.response_url,
      locale,
    };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: PRACTICE_ANSWER_CALLBACK,
        private_metadata: JSON.stringify(metadata),
        title: { type: 'plain_text', text: cut(m.feedback.practiceAnswerTitle, MODAL_TITLE_MAX) },
        submit: { type: 'plain_text', text: m.ui.submit },
        close: { type: 'plain_text', text: m.ui.cancel },
        blocks: [
          {
            type: 'input',
            block_id: ANSWER_BLOCK,
            label: { type: 'plain_text', text: m.feedback.practiceAnswerLabel },
            element: {
              type: 'plain_text_input',
              action_id: ANSWER_ACTION,
              multiline: true,
              max_length: MAX_ANSWER,
            },
          },
        ],
      },
    });
  });

  app.view(PRACTICE_ANSWER_CALLBACK, async ({ ack, body, view, context }) => {
    const ctx = forRequest(base, context);
    const meta = readMetadata(view.private_metadata);
    if (!meta) {
      await ack();
      return;
    }
    const text = view.state.values[ANSWER_BLOCK]?.[ANSWER_ACTION]?.value ?? '';
    const m = messages(meta.locale);
    if (text.trim() === '') {
      await ack({ response_action: 'errors', errors: { [ANSWER_BLOCK]: m.feedback.emptyAnswer } });
      return;
    }
    // The modal closes at once; grading (an LLM, maybe) may take longer than Slack's 3 s.
    await ack();
    const trigger = body.type === 'view_submission' ? body.trigger_id : undefined;
    if (!(await firstTrigger(ctx, meta.teamId, trigger))) return;
    let result: View;
    try {
      result = await ctx.quiz.practiceSubmit(slackAddress(meta.teamId, meta.channelId), meta.key, text);
    } catch (error) {
      ctx.log.error({ err: errorText(error) }, 'grading a practice answer failed');
      result = messageView('error', m.internalError);
    }
    try {
      await showOnCard(ctx, meta, body.user.id, result);
    } catch (error) {
      ctx.log.warn({ err: errorText(error) }, 'practice feedback could not be shown');
    }
  });
}
