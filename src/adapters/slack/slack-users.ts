import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/quiz.js';
import type { Actor } from '../../core/types.js';

interface CachedName {
  readonly name: string;
  readonly until: number;
}

const NAME_TTL_MS = 60 * 60_000;
/** A reply is stored before its event is acked; a slow users.info must not hold the ack past 3 s. */
const NAME_LOOKUP_BUDGET_MS = 1_500;

type SlackUser = NonNullable<webApi.UsersInfoResponse['user']>;

/** The name Slack shows for a user; '' when it has none (never the id: that would be stored as a name). */
function displayName(user: SlackUser, fallback: string): string {
  const candidates = [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name];
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '')?.trim() ?? fallback;
}

/**
 * Who a Slack user is, from `users.info`: a display name for answers (cached for an hour) and
 * whether the workspace considers them an admin (asked fresh each time: it grants power).
 */
export class SlackUsers {
  private readonly names = new Map<string, CachedName>();
  private readonly bots = new Map<string, boolean>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  private remember(userId: string, name: string): void {
    this.names.set(userId, { name, until: Date.now() + NAME_TTL_MS });
  }

  /** The name already known (cached), without asking Slack; '' when none is. */
  knownName(userId: string): string {
    const cached = this.names.get(userId);
    return cached && cached.until > Date.now() ? cached.name : '';
  }

  /**
   * The user's display name; '' when Slack cannot tell us in time (a 429 holding the client's
   * queue, say). Messages show people as mentions, so an unknown name costs nothing there; an id
   * stored as a name would be shown for good.
   */
  async nameOf(userId: string): Promise<string> {
    const cached = this.names.get(userId);
    if (cached && cached.until > Date.now()) return cached.name;
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), NAME_LOOKUP_BUDGET_MS);
    });
    const lookup = this.client.users
      .info({ user: userId })
      .then((r) => {
        if (!r.user) return null;
        // Cached even when it arrives after the budget, for the user's next reply.
        const name = displayName(r.user, '');
        this.remember(userId, name);
        return name;
      })
      .catch((error: unknown) => {
        this.log.warn({ userId, err: String(error) }, 'users.info failed; the name stays unknown');
        return null;
      });
    try {
      return (await Promise.race([lookup, budget])) ?? cached?.name ?? '';
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Whether the user is a bot (an app's bot user, or Slackbot), asked once per user: it never
   * changes. Unknown (users.info failed) counts as a person, and is asked again next time.
   */
  async isBot(userId: string): Promise<boolean> {
    if (userId === 'USLACKBOT') return true;
    const known = this.bots.get(userId);
    if (known !== undefined) return known;
    try {
      const { user } = await this.client.users.info({ user: userId });
      const bot = user?.is_bot === true || user?.is_app_user === true;
      if (this.bots.size > 50_000) this.bots.clear();
      this.bots.set(userId, bot);
      if (user) this.remember(userId, displayName(user, ''));
      return bot;
    } catch (error) {
      this.log.warn({ userId, err: String(error) }, 'users.info failed; counting the user as a person');
      return false;
    }
  }

  /**
   * The acting user with the workspace's verdict on admin rights (owner and admins count). With
   * `channelId`, the actor can also be asked whether they manage that channel (see `createdChannel`).
   */
  async actor(userId: string, fallbackName: string, channelId?: string): Promise<Actor> {
    const managesChannel = channelId ? { managesChannel: () => this.createdChannel(channelId, userId) } : {};
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user) return { userId, name: fallbackName, isPlatformAdmin: false, ...managesChannel };
      const name = displayName(user, fallbackName);
      this.remember(userId, name);
      return {
        userId,
        name,
        isPlatformAdmin: user.is_admin === true || user.is_owner === true || user.is_primary_owner === true,
        ...managesChannel,
      };
    } catch (error) {
      this.log.warn({ userId, err: String(error) }, 'users.info failed; treating the user as a non-admin');
      return { userId, name: fallbackName, isPlatformAdmin: false, ...managesChannel };
    }
  }

  /**
   * Whether `userId` created the channel (`conversations.info` → `creator`). Slack makes a
   * channel's creator its first Channel Manager; the assignments themselves are readable only
   * through `admin.roles.listAssignments` (Enterprise Grid, a user token with admin.roles:read),
   * which a bot token cannot call, so the creator is the manager a bot can see — also after
   * Slack's own managers removed them (a workspace admin turns the setting off if that matters).
   * Asked fresh each time (it grants power); any failure (not in the channel, missing scope,
   * Slack down) says no.
   */
  private async createdChannel(channelId: string, userId: string): Promise<boolean> {
    // A DM or group DM has no managers (and is no quiz channel).
    if (channelId.startsWith('D')) return false;
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      if (!channel || channel.is_im || channel.is_mpim) return false;
      return channel.creator === userId;
    } catch (error) {
      this.log.warn(
        { channelId, err: String(error) },
        'conversations.info failed; not counting a channel manager',
      );
      return false;
    }
  }
}
