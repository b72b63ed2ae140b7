import type { App } from '@slack/bolt';
import { renderBlocks } from './slack-blocks.js';
import { forRequest, type SlackContext } from './slack-context.js';
import { platformErrorCode } from './slack-errors.js';

/**
 * The App Home tab (`app_home_opened`, `views.publish`): the person's standing in each channel,
 * the next question, their practice queue and, for admins, the channels and their state. It is
 * published after the ack, paced per workspace (Tier 4), at most once per person in a few
 * seconds of the quiz's clock (opening the tab repeatedly asks once). A failure is logged once per kind and never retried:
 * the next opening publishes again. `not_enabled` means the app's Home tab is off (the manifest's
 * `home_tab_enabled`).
 */

/** Blocks a home view may hold (Block Kit: 100 for modals and home tabs). */
const HOME_BLOCKS = 100;
/** A second opening by the same person within this long publishes nothing new. */
const REPUBLISH_AFTER_MS = 5_000;

type Fields = Readonly<Record<string, unknown>>;

export function registerHome(app: App, base: SlackContext): void {
  const lastPublished = new Map<string, number>();
  const saidOnce = new Set<string>();
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
