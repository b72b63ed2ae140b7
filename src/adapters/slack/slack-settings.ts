import type { App, webApi } from '@slack/bolt';
import { type Catalog, messages } from '../../core/i18n/catalog.js';
import { MAX_REMINDER_HOURS } from '../../core/reminders.js';
import type { SettingsField, SettingsForm } from '../../core/settings.js';
import { DOMAIN_IDS, domainName, LEVELS, levelName, PILLAR_IDS, pillarName } from '../../core/taxonomy.js';
import { isLocale } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { slackAccess } from './slack-access.js';
import { escapeMrkdwn, renderBlocks } from './slack-blocks.js';
import { type ButtonBody, errorText, forRequest, type SlackContext, slackAddress } from './slack-context.js';

/**
 * The channel settings modal: `/sa-admin` with nothing after it opens it (`views.open`, within
 * the command's 3 s trigger), with the channel's schedule (time pickers, day checkboxes, a time
 * zone select), language, category filter (pillars, domains and levels picked from lists, topic
 * words typed), private answers, holidays, the deadline reminder and
 * the weekly digest. The submission is
 * checked as one form by the core (src/core/settings.ts): a wrong field comes back as that
 * field's error (`response_action: errors`) and nothing is saved; otherwise the modal turns into
 * the result. The admin check runs again on submit.
 */

export const SETTINGS_CALLBACK = 'sa-quiz.settings';
const VALUE = 'v';

/** Zones offered in the select (Slack's static select holds 100 options); the channel's own is added. */
const ZONES = [
  'Asia/Seoul',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'UTC',
];
/** Holiday calendars offered besides `auto` and `off` (any other code is set with `holidays XX`). */
const COUNTRIES = ['KR', 'JP', 'US', 'GB', 'DE', 'SG', 'AU', 'IN'];

type Option = { text: { type: 'plain_text'; text: string }; value: string };
const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text }, value });
const label = (text: string) => ({ type: 'plain_text' as const, text });

interface Metadata {
  readonly channelId: string;
  readonly channelName?: string;
}

/** The modal for `form`, in `m`'s language. */
export function settingsModal(m: Catalog, form: SettingsForm, metadata: Metadata): webApi.ModalView {
  const s = m.settings;
  const days = m.weekdays.map((name, i) => option(name, String(i + 1)));
  const zones = ZONES.includes(form.timezone) ? ZONES : [form.timezone, ...ZONES];
  const holidayOptions = [
    option(s.holidaysAuto, 'auto'),
    option(s.holidaysOff, 'off'),
    ...COUNTRIES.map((code) =>
      option(new Intl.DisplayNames([m.locale], { type: 'region' }).of(code) ?? code, code),
    ),
  ];
  const currentHoliday =
    holidayOptions.find((o) => o.value === form.holidays) ?? option(form.holidays, form.holidays);
  if (!holidayOptions.includes(currentHoliday)) holidayOptions.push(currentHoliday);
  const languages = [option('한국어', 'ko'), option('English', 'en')];
  const reminders = [
    option(s.reminderOff, 'off'),
    ...Array.from({ length: MAX_REMINDER_HOURS }, (_, i) => option(s.reminderHours(i + 1), String(i + 1))),
  ];
  const digestDays = [option(s.digestOff, 'off'), ...days];
  const chosenDays = days.filter((d) => form.days.includes(Number(d.value)));
  const choices = <T extends string>(
    ids: readonly T[],
    name: (id: T) => string,
    chosen: readonly string[],
  ) => {
    const options = ids.map((id) => option(name(id), id));
    const initial = options.filter((o) => chosen.includes(o.value));
    return {
      type: 'multi_static_select',
      placeholder: label(s.anyChoice),
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    };
  };
  const input = (block: SettingsField, text: string, element: Record<string, unknown>, extra = {}) => ({
    type: 'input',
    block_id: block,
    label: label(text),
    element: { action_id: VALUE, ...element },
    ...extra,
  });
  return {
    type: 'modal',
    callback_id: SETTINGS_CALLBACK,
    title: label(s.title),
    submit: label(s.save),
    close: label(s.cancel),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(s.intro) } },
      input('postTime', s.postTime, { type: 'timepicker', initial_time: form.postTime }),
      input('revealTime', s.revealTime, { type: 'timepicker', initial_time: form.revealTime }),
      input('days', s.days, {
        type: 'checkboxes',
        options: days,
        ...(chosenDays.length > 0 ? { initial_options: chosenDays } : {}),
      }),
      input(
        'timezone',
        s.timezone,
        {
          type: 'static_select',
          options: zones.map((z) => option(z, z)),
          initial_option: option(form.timezone, form.timezone),
        },
        { hint: label(s.timezoneHint) },
      ),
      input('locale', s.language, {
        type: 'radio_buttons',
        options: languages,
        initial_option: languages.find((l) => l.value === form.locale) ?? languages[0],
      }),
      { type: 'section', text: { type: 'mrkdwn', text: s.categories } },
      input(
        'pillars',
        s.pillars,
        choices(PILLAR_IDS, (id) => pillarName(id, m.locale), form.pillars),
        {
          optional: true,
        },
      ),
      input(
        'domains',
        s.domains,
        choices(DOMAIN_IDS, (id) => domainName(id, m.locale), form.domains),
        {
          optional: true,
        },
      ),
      input(
        'levels',
        s.levels,
        choices(LEVELS, (id) => levelName(id, m.locale), form.levels),
        {
          optional: true,
        },
      ),
      input(
        'topics',
        s.topics,
        {
          type: 'plain_text_input',
          max_length: 300,
          ...(form.topics ? { initial_value: form.topics } : {}),
        },
        { optional: true, hint: label(s.topicsHint) },
      ),
      input(
        'privateAnswers',
        s.privateAnswers,
        {
          type: 'checkboxes',
          options: [option(s.privateAnswersOption, 'on')],
          ...(form.privateAnswers ? { initial_options: [option(s.privateAnswersOption, 'on')] } : {}),
        },
        { optional: true },
      ),
      input('holidays', s.holidays, {
        type: 'static_select',
        options: holidayOptions,
        initial_option: currentHoliday,
      }),
      input('reminderHours', s.reminder, {
        type: 'static_select',
        options: reminders,
        initial_option:
          reminders.find((o) => o.value === String(form.reminderHours ?? 'off')) ?? reminders[0],
      }),
      input('digestDay', s.digest, {
        type: 'static_select',
        options: digestDays,
        initial_option: digestDays.find((o) => o.value === String(form.digestDay ?? 'off')) ?? digestDays[0],
      }),
    ],
  } as webApi.ModalView;
}

type Values = Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;

/** A select's value: a number, or null for `off` (or nothing chosen). */
const numberOrOff = (value: string): number | null => (/^\d{1,2}$/.test(value) ? Number(value) : null);

/** The submitted state as a form; fields Slack left out read as empty (the core says what is wrong). */
export function readSettings(values: Values): SettingsForm {
  const field = (block: string) => values[block]?.[VALUE] ?? {};
  const selected = (block: string) =>
    String((field(block).selected_option as { value?: unknown } | null | undefined)?.value ?? '');
  const checked = (block: string) =>
    ((field(block).selected_options as { value?: unknown }[] | undefined) ?? []).map((o) => String(o.value));
  const locale = selected('locale');
  return {
    postTime: String(field('postTime').selected_time ?? ''),
    revealTime: String(field('revealTime').selected_time ?? ''),
    days: checked('days').map(Number),
    timezone: selected('timezone'),
    locale: isLocale(locale) ? locale : 'ko',
    pillars: checked('pillars'),
    domains: checked('domains'),
    levels: checked('levels'),
    topics: String(field('topics').value ?? ''),
    privateAnswers: checked('privateAnswers').includes('on'),
    holidays: selected('holidays'),
    reminderHours: numberOrOff(selected('reminderHours')),
    digestDay: numberOrOff(selected('digestDay')),
  };
}

/** A core view as the modal's content after saving (or a refusal). */
function resultModal(m: Catalog, result: View): webApi.ModalView {
  return {
    type: 'modal',
    callback_id: `${SETTINGS_CALLBACK}.done`,
    title: label(m.settings.title),
    close: label(m.settings.cancel),
    blocks: renderBlocks(result).slice(0, 100),
  } as webApi.ModalView;
}

function readMetadata(text: string): Metadata | null {
  try {
    const parsed = JSON.parse(text) as Partial<Metadata>;
    return typeof parsed.channelId === 'string' && /^[CGD][A-Z0-9]{2,30}$/.test(parsed.channelId)
      ? {
          channelId: parsed.channelId,
          ...(typeof parsed.channelName === 'string' ? { channelName: parsed.channelName } : {}),
        }
      : null;
  } catch {
    return null;
  }
}

/**
 * Opens the modal for the command's channel. Null when it opened; otherwise the view to answer
 * with instead (not an admin, or Slack refused the modal: the text commands still work).
 */
export async function openSettingsModal(
  ctx: SlackContext,
  triggerId: string,
  teamId: string,
  channel: { readonly id: string; readonly name?: string },
  userId: string,
  userName: string,
): Promise<View | null> {
  const address = slackAddress(teamId, channel.id, { channel: channel.name });
  const actor = await ctx.users.actor(userId, userName, channel.id);
  const opened = await ctx.admin.openSettings(address, actor);
  if ('refused' in opened) return opened.refused;
  try {
    await ctx.client.views.open({
      trigger_id: triggerId,
      view: settingsModal(messages(opened.locale), opened.form, {
        channelId: channel.id,
        ...(channel.name ? { channelName: channel.name } : {}),
      }),
    });
    return null;
  } catch (error) {
    // expired_trigger_id (the 3 s passed), invalid_arguments: the help shows the text syntax.
    ctx.log.warn({ err: errorText(error) }, 'could not open the settings modal');
    return (await ctx.admin.run(address, actor, { ok: true, value: { name: 'help' } })).view;
  }
}

export function registerSettings(app: App, base: SlackContext): void {
  // An admin's "⚙️ #channel settings" button in App Home: the same form, for that channel.
  app.action<ButtonBody>('settings.open', async ({ ack, body, action, context }) => {
    const ctx = forRequest(base, context);
    await ack();
    const channelId = action.value ?? '';
    const teamId = body.team?.id ?? body.user.team_id;
    if (!/^[CG][A-Z0-9]{2,30}$/.test(channelId) || !teamId) return;
    const refused = await openSettingsModal(
      ctx,
      body.trigger_id,
      teamId,
      { id: channelId },
      body.user.id,
      body.user.name ?? body.user.id,
    );
    // Only admins see the button; someone who lost the right since is told in the log only.
    if (refused) ctx.log.warn({ channelId }, 'settings button refused');
  });

  app.view(SETTINGS_CALLBACK, async ({ ack, body, view, context }) => {
    const ctx = forRequest(base, context);
    const metadata = readMetadata(view.private_metadata);
    const teamId = body.team?.id ?? body.user.team_id ?? view.team_id;
    if (!metadata || !teamId) {
      await ack();
      return;
    }
    const address = slackAddress(teamId, metadata.channelId, { channel: metadata.channelName });
    const actor = await ctx.users.actor(body.user.id, body.user.name, metadata.channelId);
    const outcome = await ctx.admin.saveSettings(
      address,
      actor,
      readSettings(view.state.values as unknown as Values),
      () => slackAccess(ctx.client, metadata.channelId),
    );
    // A wrong field: shown on it, nothing saved. Otherwise the result (or a refusal) replaces the form.
    if (!outcome.ok && outcome.view === null) {
      await ack({ response_action: 'errors', errors: outcome.errors as Record<string, string> });
      return;
    }
    const result = outcome.view;
    const m = messages(outcome.locale);
    if (result) await ack({ response_action: 'update', view: resultModal(m, result) });
    else await ack();
  });
}
