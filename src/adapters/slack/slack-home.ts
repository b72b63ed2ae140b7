import type { App } from '@slack/bolt';
import { type Catalog, messages } from '../../core/i18n/catalog.js';
import { DEFAULT_LOCALE, isLocale } from '../../core/types.js';
import { escapeMrkdwn, renderBlocks, renderMessages } from './slack-blocks.js';
import {
  type ButtonBody,
  errorText,
  firstTrigger,
  forRequest,
  type SlackContext,
  slackAddress,
} from './slack-context.js';
import { platformErrorCode } from './slack-errors.js';

/**
 * The App Home tab (`app_home_opened`, `views.publish`): the person's standing in each channel,
 * the next question, their practice queue and, for admins, the channels and their state. It is
 * published after the ack, paced per workspace (Tier 4), at most once per person in a few
 * seconds of the quiz's clock (opening the tab repeatedly asks once). A failure is logged once per kind and never retried:
 * the next opening publishes again. `not_enabled` means the app's Home tab is off (the manifest's
 * `home_tab_enabled`).
 *
 * "Practice now" (`home.practice`, shown while cards are due or unseen) opens the app's DM with
 * the presser (`conversations.open`) and posts the next practice card there as `/sa-quiz` would;
 * its own buttons then update it in the DM through their `response_url`, as in a channel. A
 * press is acted on once per `trigger_id`. A refusal is told in a small modal (`views.open` with
 * the press's trigger, the Home having no channel to answer in) and logged once per error code.
 */

/** Blocks a home view may hold (Block Kit: 100 for modals and home tabs). */
const HOME_BLOCKS = 100;
/** A second opening by the same person within this long publishes nothing new. */
const REPUBLISH_AFTER_MS = 5_000;

type Fields = Readonly<Record<string, unknown>>;

export const HOME_PRACTICE = 'home.practice';

/** Why a practice card could not reach the DM, as the person is told (HomeCatalog.practiceFailed). */
type Problem = 'messagesOff' | 'notAllowed' | 'tryLater';

/**
 * Errors of conversations.open and chat.postMessage (docs.slack.dev method pages, checked
 * 2026-12-03) in the person's terms; anything else (ratelimited: the posting client does not wait
 * out 429s, a 5xx, a DM gone between the two calls) is `tryLater`.
 */
const PROBLEMS: Readonly<Record<string, readonly [Problem, string | undefined]>> = {
  // chat.postMessage: "Messages tab for the app is disabled" (manifest `messages_tab_enabled`).
  messages_tab_disabled: ['messagesOff', 'turn on the Messages tab (App Home > Show Tabs)'],
  // conversations.open: the bot may not see or message this person (a restricted guest, a person
  // of another organisation, a deactivated account).
  user_not_visible: ['notAllowed', undefined],
  user_not_found: ['notAllowed', undefined],
  user_disabled: ['notAllowed', undefined],
  invalid_user_combination: ['notAllowed', undefined],
  cannot_dm_bot: ['notAllowed', undefined],
  // The install lacks im:write (conversations.open) or chat:write: reinstall with the manifest.
  missing_scope: ['notAllowed', 'reinstall the app with the manifest scopes (im:write, chat:write)'],
  not_allowed_token_type: ['notAllowed', 'a bot token is needed'],
  // A workspace or Enterprise policy forbids the post.
  restricted_action: ['notAllowed', undefined],
  ekm_access_denied: ['notAllowed', undefined],
  team_access_not_granted: ['notAllowed', undefined],
};

export function registerHome(app: App, base: SlackContext): void {
  const lastPublished = new Map<string, number>();
  const saidOnce = new Set<string>();
  app.action<ButtonBody>(HOME_PRACTICE, async ({ ack, body, action, context }) => {
    const ctx = forRequest(base, context);
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    if (!teamId || !(await firstTrigger(ctx, teamId, body.trigger_id))) return;
    const value = action.value ?? '';
    const m = messages(isLocale(value) ? value : DEFAULT_LOCALE);
    const refused = async (method: string, error: unknown) => {
      const code = platformErrorCode(error) ?? 'error';
      const [problem, advice] = PROBLEMS[code] ?? ['tryLater', undefined];
      if (!saidOnce.has(`practice:${code}`)) {
        saidOnce.add(`practice:${code}`);
        ctx.log.warn({ method, code, advice, err: errorText(error) }, 'home practice card not sent');
      }
      await tellInModal(ctx, body.trigger_id, m, problem);
    };
    let dm: string;
    try {
      const opened = await ctx.client.conversations.open({ users: body.user.id });
      if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
      dm = opened.channel.id;
    } catch (error) {
      await refused('conversations.open', error);
      return;
    }
    // The DM's language on first sight is the home's; after that the DM channel's own.
    const address = { ...slackAddress(teamId, dm, { team: body.team?.domain }), locale: m.locale };
    const card = await ctx.quiz.practice(address, body.user.id, '');
    try {
      for (const message of renderMessages(card))
        await ctx.postClient.chat.postMessage({ channel: dm, text: message.text, blocks: message.blocks });
    } catch (error) {
      await refused('chat.postMessage', error);
    }
  });

  app.event('app_home_opened', async ({ event, body, context }) => {
    const ctx = forRequest(base, context);
    const e = event as unknown as Fields;
    const user = typeof e.user === 'string' ? e.user : '';
    if (e.tab !== 'home' || user === '') return;
    const key = `${body.team_id}:${user}`;
    const now = ctx.quiz.now().getTime();
    if (now - (lastPublished.get(key) ?? Number.NEGATIVE_INFINITY) < REPUBLISH_AFTER_MS) return;
    lastPublished.set(key, now);
    if (lastPublished.size > 10_000) lastPublished.clear();
    ctx.courtesy.run(body.team_id, 'views.publish', 'app home failed', async () => {
      try {
        await publishHome(ctx, body.team_id, user);
      } catch (error) {
        const code = platformErrorCode(error) ?? 'error';
        if (!saidOnce.has(code)) {
          saidOnce.add(code);
          ctx.log.warn(
            { code, advice: code === 'not_enabled' ? 'turn on the Home tab (App Home)' : undefined },
            'app home not published',
          );
        }
      }
    });
  });
}

/** Renders the person's home and publishes it. */
export async function publishHome(ctx: SlackContext, teamId: string, userId: string): Promise<void> {
  const actor = await ctx.users.actor(userId, '');
  const home = await ctx.admin.home('slack', teamId, actor);
  const blocks = renderBlocks(home).slice(0, HOME_BLOCKS);
  await ctx.client.views.publish({ user_id: userId, view: { type: 'home', blocks } });
}

/** Tells the presser in a small modal why no card came; when the trigger expired, the log says it. */
async function tellInModal(
  ctx: SlackContext,
  triggerId: string,
  m: Catalog,
  problem: Problem,
): Promise<void> {
  const words = m.home.practiceFailed;
  try {
    await ctx.client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: words.title },
        close: { type: 'plain_text', text: words.close },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(words[problem]) } }],
      },
    });
  } catch (error) {
    // expired_trigger_id (3 s after the press): nothing else can reach a person on the Home tab.
    ctx.log.warn({ err: errorText(error) }, 'could not tell the home practice failure');
  }
}
