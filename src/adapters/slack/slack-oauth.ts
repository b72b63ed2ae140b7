import type { ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { SlackOAuthOptions } from './slack-adapter.js';
import type { ScreenedHTTPReceiver } from './slack-receiver.js';
import type { TokenOf } from './slack-teams.js';

/**
 * Slack distribution mode on Bolt's own OAuth support (HTTPReceiver + @slack/oauth's
 * InstallProvider): `GET /slack/install` answers with the "Add to Slack" page (state kept in a
 * signed cookie, SLACK_STATE_SECRET), `GET /slack/oauth_redirect` exchanges the code with
 * `oauth.v2.access` and stores the installation. The scopes are the manifest's
 * (slack/manifest.yaml), asked for at install.
 *
 * Checked 2026-12-03 in node_modules/@slack/bolt 5.1.0 (receivers/HTTPReceiver: clientId,
 * clientSecret, stateSecret, scopes, installationStore, installerOptions) and @slack/oauth 4.0.0
 * (CallbackOptions.successAsync / failureAsync write the response themselves).
 */

/** The bot scopes of slack/manifest.yaml (tests/unit/slack-scopes.test.ts keeps them equal). */
export const BOT_SCOPES: readonly string[] = [
  'chat:write',
  'commands',
  'channels:history',
  'groups:history',
  'im:history',
  'im:write',
  'channels:read',
  'groups:read',
  'im:read',
  'mpim:read',
  'reactions:write',
  'reactions:read',
  'users:read',
  'files:read',
  'files:write',
];

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

function page(res: ServerResponse, status: number, title: string, lines: readonly string[]): void {
  const body = lines.map((line) => `<p>${line}</p>`).join('');
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
  );
}

/** What the HTTP receiver needs for the OAuth flow. */
export function oauthReceiverOptions(
  oauth: SlackOAuthOptions,
  clientOptions: webApi.WebClientOptions,
  log: Logger,
  onInstalled: ((teamId: string) => Promise<void>) | undefined,
): Partial<HTTPReceiverOptions> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: oauth.installationStore,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // oauth.v2.access goes to the same Web API (SLACK_API_URL), without the app's retries.
      clientOptions: {
        ...(clientOptions.slackApiUrl ? { slackApiUrl: clientOptions.slackApiUrl } : {}),
        ...(clientOptions.timeout ? { timeout: clientOptions.timeout } : {}),
      },
      callbackOptions: {
        successAsync: async (installation, _options, _req, res) => {
          const teamId = installation.team?.id;
          // Stored, but not yet marked served (a database blip): this throws, the failure page
          // asks for another try, which stores it again and ends an uninstall's grace period.
          if (teamId) await onInstalled?.(teamId);
          log.info(
            {
              teamId,
              enterpriseId: installation.enterprise?.id,
              orgWide: installation.isEnterpriseInstall === true,
            },
            'Slack app installed',
          );
          page(res, 200, 'sa-quiz 설치 완료 · Installed', [
            '채널에 @sa-quiz 를 초대하고 <code>/sa-admin</code> 으로 구독하세요.',
            'Invite @sa-quiz to a channel and run <code>/sa-admin</code> there to subscribe it.',
          ]);
        },
        failureAsync: async (error, _options, _req, res) => {
          // The code only (e.g. slack_oauth_invalid_state): never the request, which holds the code.
          log.warn({ code: error.code }, 'a Slack installation failed');
          page(res, 400, 'sa-quiz 설치 실패 · Installation failed', [
            '설치를 마치지 못했습니다. 설치 링크에서 다시 시작해 주세요.',
            `The installation did not complete (${error.code}). Start again from the install link.`,
          ]);
        },
      },
    },
  };
}

/**
 * A workspace's bot token for the scheduler, from its installation through Bolt's installer
 * (`authorize`, which refreshes a rotating token near its expiry and stores it again).
 */
export function installationToken(receiver: ScreenedHTTPReceiver | SocketModeReceiver, log: Logger): TokenOf {
  return async (teamId) => {
    const installer = receiver.installer;
    if (!installer) throw new Error('the Slack receiver has no installer (distribution mode is off)');
    const auth = await installer.authorize({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    if (!auth.botToken) {
      log.warn({ teamId }, 'the Slack installation has no bot token');
      throw new Error(`the installation for team ${teamId} has no bot token`);
    }
    return auth.botToken;
  };
}
