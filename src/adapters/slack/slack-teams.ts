import type { webApi } from '@slack/bolt';
import { ChatError } from '../../core/failures.js';
import type { Logger } from '../../core/logger.js';
import { errorText, teamDomainOf } from './slack-context.js';
import { NoInstallationError } from './slack-installations.js';
import { SlackUsers } from './slack-users.js';

/** Everything that speaks to Slack as one workspace's bot: its token and the clients built on it. */
export interface TeamClients {
  /** Retries by itself and waits out 429s: reads and idempotent calls. */
  readonly client: webApi.WebClient;
  /** Never retries by itself and rejects 429s: calls that create a message. */
  readonly postClient: webApi.WebClient;
  /** Names and roles of the workspace's people, cached. */
  readonly users: SlackUsers;
  /** Needed to download files Slack hosts (`url_private_download`). */
  readonly botToken: string;
  /** The workspace's domain (auth.test's `url`), asked once. */
  teamDomain(): Promise<string | undefined>;
}

/** A NoInstallationError, bare or as the `original` of Bolt's AuthorizationError. */
export function isNoInstallation(error: unknown): boolean {
  if (error instanceof NoInstallationError) return true;
  const original = (error as { original?: unknown } | null)?.original;
  return original instanceof NoInstallationError;
}

/** Builds the clients of one bot token (the adapter knows the options and metrics). */
export type ClientsFactory = (token: string) => {
  readonly client: webApi.WebClient;
  readonly postClient: webApi.WebClient;
};

/**
 * The bot token of a workspace, for what the scheduler sends without a request in hand: the one
 * SLACK_BOT_TOKEN, or the workspace's installation (distribution mode, where Bolt's installer
 * also refreshes a rotating token that is about to expire).
 */
export type TokenOf = (teamId: string) => Promise<string>;

/** Token sets kept at once; beyond it the least recently used is dropped (rebuilt on demand). */
const MAX_TEAMS = 500;
/**
 * How long a workspace's token, once looked up, is used without asking the installation store
 * again: a reveal's hundred private notes cost one lookup, not a hundred. A token revoked
 * meanwhile fails as Slack refuses it (`app_removed`), and `forget` drops it at once.
 */
const TOKEN_TTL_MS = 60_000;

/**
 * One set of clients per bot token, for every workspace sa-quiz serves. With SLACK_BOT_TOKEN
 * there is one; in distribution mode one per installation (and a new one after a rotating
 * token is refreshed). Listeners take the clients of the token Bolt authorised for the request
 * (`context.botToken`); the Chat asks by team id. A token never appears in a log line.
 */
export class SlackTeams {
  private readonly sets = new Map<string, TeamClients>();
  private readonly tokens = new Map<string, { readonly token: string; readonly until: number }>();

  /** @param now the cache's clock (milliseconds), only for how long a looked-up token is reused */
  constructor(
    private readonly build: ClientsFactory,
    private readonly tokenOf: TokenOf,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The workspace was uninstalled: its token is looked up again (and found missing) next time. */
  forget(teamId: string): void {
    this.tokens.delete(teamId);
  }

  /** The clients of `token`, built once. */
  clients(token: string): TeamClients {
    const known = this.sets.get(token);
    if (known) {
      // Most recently used last: the first key is the one to drop.
      this.sets.delete(token);
      this.sets.set(token, known);
      return known;
    }
    const { client, postClient } = this.build(token);
    const made: TeamClients = {
      client,
      postClient,
      users: new SlackUsers(client, this.log),
      botToken: token,
      teamDomain: teamDomainOf(client, this.log),
    };
    this.sets.set(token, made);
    if (this.sets.size > MAX_TEAMS) {
      const oldest = this.sets.keys().next().value;
      if (oldest !== undefined) this.sets.delete(oldest);
    }
    return made;
  }

  /**
   * The clients of the workspace `teamId`. A workspace with no installation (uninstalled, its
   * token revoked) is a ChatError of kind `gone` / `app_removed`: its channels pause, as when
   * Slack refuses the token.
   */
  async ofTeam(teamId: string): Promise<TeamClients> {
    const cached = this.tokens.get(teamId);
    if (cached && cached.until > this.now()) return this.clients(cached.token);
    let token: string;
    try {
      token = await this.tokenOf(teamId);
      if (this.tokens.size >= MAX_TEAMS) this.tokens.clear();
      this.tokens.set(teamId, { token, until: this.now() + TOKEN_TTL_MS });
    } catch (error) {
      if (error instanceof ChatError) throw error;
      // Only a missing installation means the app is gone; a database that did not answer, a
      // seal that did not open (a key dropped from SA_QUIZ_ENCRYPTION_OLD_KEYS too early) or a
      // refresh that failed is a passing problem: retried, no channel paused for it.
      if (isNoInstallation(error))
        throw new ChatError('gone', `no Slack installation for team ${teamId}`, { problem: 'app_removed' });
      throw new ChatError(
        'transient',
        `could not get the Slack token of team ${teamId}: ${errorText(error)}`,
      );
    }
    return this.clients(token);
  }
}
