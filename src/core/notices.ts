import type { Work } from './channel-health.js';
import { needsAdmin } from './failures.js';
import type { Catalog } from './i18n/catalog.js';
import type { Incident } from './incidents.js';
import { formatInstant } from './render.js';
import type { Channel } from './types.js';
import { channelRef, type RichText, timeRef, type View, type ViewBlock, view } from './views.js';

/** Problems a setup check found, in the catalog's words. */
export interface AccessProblem {
  readonly problem: Incident['problem'];
  readonly detail: string;
}

/**
 * Whether the bot can run a round in a channel, as the platform reports it: `problems` stop it
 * (nothing is promised), `warnings` degrade it (for example no reactions). `unknown` says why
 * the platform could not be asked; then nothing is refused.
 */
export interface ChannelAccess {
  readonly problems: readonly AccessProblem[];
  readonly warnings: readonly AccessProblem[];
  readonly unknown?: string;
}

export const ACCESS_OK: ChannelAccess = { problems: [], warnings: [] };

/** A channel as a link its admin can click, with its workspace named. */
function whereBlock(m: Catalog, channel: Channel): ViewBlock {
  return {
    kind: 'text',
    text: m.failures.noticeWhere(
      channel.workspaceName,
      channelRef(channel.externalId, channel.name),
      channel.platform,
    ),
  };
}

export function problemText(m: Catalog, channel: Channel, p: AccessProblem): string {
  const detail =
    p.problem === 'missing_permission' && channel.platform === 'discord'
      ? p.detail
          .split(',')
          .map((key) => key.trim())
          .filter((key) => key !== '')
          .map((key) => m.failures.permission(key))
          .join(', ')
      : p.detail;
  return m.failures.problem(p.problem, detail, channel.platform);
}

/** The one message an admin gets about an incident: where, what stopped, what is wrong, what to do. */
export function incidentNoticeView(m: Catalog, channel: Channel, incident: Incident, what: Work): View {
  const blocks: ViewBlock[] = [
    whereBlock(m, channel),
    { kind: 'text', text: m.failures.noticeWhat(what, incident.pauses, channel.platform) },
    { kind: 'text', text: problemText(m, channel, incident) },
    {
      kind: 'text',
      text:
        incident.kind === 'unsupported'
          ? m.failures.noticeResubscribe
          : incident.pauses || needsAdmin(incident.kind)
            ? m.failures.noticeResume
            : m.failures.noticeNothingToDo(what === 'event' ? 'post' : what),
    },
  ];
  return view('error', m.failures.noticeTitle, blocks);
}

/** Status lines about an open incident: the problem and how the admin was told (and when, in each reader's zone). */
export function incidentStatusLines(m: Catalog, channel: Channel, incident: Incident): RichText[] {
  const when = incident.noticeAt
    ? timeRef(incident.noticeAt, formatInstant(incident.noticeAt, channel.schedule.timezone))
    : '';
  return [
    m.failures.statusProblem(problemText(m, channel, incident)),
    m.failures.noticeDelivery(incident.notice, when),
  ];
}

/** Status lines about a setup check. */
export function accessStatusLines(m: Catalog, channel: Channel, access: ChannelAccess): string[] {
  if (access.unknown !== undefined) return [m.failures.statusChecksUnknown(access.unknown)];
  const lines = [access.problems.length > 0 ? m.failures.statusChecksFailed : m.failures.statusChecksOk];
  for (const p of [...access.problems, ...access.warnings]) lines.push(`• ${problemText(m, channel, p)}`);
  return lines;
}

/** A refusal (`problems`) or a heads-up (`warnings`) about a channel, or null when all is well. */
export function accessBlocks(m: Catalog, channel: Channel, access: ChannelAccess): ViewBlock[] {
  const blocks: ViewBlock[] = [];
  if (access.problems.length > 0)
    blocks.push({
      kind: 'list',
      heading: m.failures.refused,
      items: access.problems.map((p) => problemText(m, channel, p)),
    });
  if (access.warnings.length > 0)
    blocks.push({
      kind: 'list',
      heading: m.failures.warning,
      items: access.warnings.map((p) => problemText(m, channel, p)),
    });
  return blocks;
}
