import { type AdminDeps, enter } from './admin-gate.js';
import { parseCategoryList } from './commands.js';
import { parseHolidaySetting } from './holidays.js';
import { type Catalog, messages } from './i18n/catalog.js';
import type { ChannelAccess } from './notices.js';
import { accessBlocks } from './notices.js';
import { MAX_REMINDER_HOURS, reminderHoursProblem } from './reminders.js';
import { messageView, scheduleSummary } from './render.js';
import { validateSchedule } from './schedule.js';
import { isDomainId, isLevel, isPillarId, joinFilter, splitFilter } from './taxonomy.js';
import {
  type Actor,
  type Channel,
  type ChannelAddress,
  DEFAULT_LOCALE,
  isLocale,
  type Locale,
  replyLocale,
} from './types.js';
import { type View, view } from './views.js';

/**
 * A channel's settings as one form (Slack's `/sa-admin` modal): schedule, language, category
 * filter, private answers, holidays, the deadline reminder and the weekly digest, checked together and saved together, so a form with one
 * wrong field changes nothing and names that field. Saving an unsubscribed channel subscribes
 * it (after the same access check as `subscribe`); saving never resumes a paused channel.
 */

export interface SettingsForm {
  readonly postTime: string;
  readonly revealTime: string;
  readonly days: readonly number[];
  readonly timezone: string;
  readonly locale: Locale;
  /** The category filter, split as the form shows it (all empty: every question). Pillar ids. */
  readonly pillars: readonly string[];
  /** SAA-C03 domain ids. */
  readonly domains: readonly string[];
  /** `associate`, `professional`. */
  readonly levels: readonly string[];
  /** Topic words, comma-separated. */
  readonly topics: string;
  readonly privateAnswers: boolean;
  /** `auto`, `off` or a country code. */
  readonly holidays: string;
  /** Hours before the reveal of the thread reminder; null = off. */
  readonly reminderHours: number | null;
  /** The weekly digest's ISO weekday; null = off. */
  readonly digestDay: number | null;
}

export type SettingsField = keyof SettingsForm;

export type SettingsOutcome = (
  | { readonly ok: true; readonly view: View }
  /** `errors` by field for the form to show; `view` when the refusal is not about one field. */
  | {
      readonly ok: false;
      readonly errors: Partial<Record<SettingsField, string>>;
      readonly view: View | null;
    }
) & {
  /** The language of the answer (the form's chrome around it). */
  readonly locale: Locale;
};

export function settingsFormOf(channel: Channel): SettingsForm {
  return {
    ...channel.schedule,
    locale: channel.locale,
    ...categoryFields(channel.categoryFilter),
    privateAnswers: channel.privateAnswers,
    holidays: channel.holidays,
    reminderHours: channel.reminderHours,
    digestDay: channel.digestDay,
  };
}

function categoryFields(
  filter: readonly string[],
): Pick<SettingsForm, 'pillars' | 'domains' | 'levels' | 'topics'> {
  const parts = splitFilter(filter);
  return {
    pillars: parts.pillars,
    domains: parts.domains,
    levels: parts.levels,
    topics: parts.topics.join(', '),
  };
}

/** The submitted ids that are not one of `known` (a forged or stale form): that field's error. */
function unknownIds(
  m: Catalog,
  submitted: readonly string[],
  known: (value: string) => boolean,
): string | null {
  const wrong = submitted.filter((value) => !known(value));
  return wrong.length > 0 ? m.error('unknown_argument', { value: wrong.join(', ') }) : null;
}

/** Which field a schedule error belongs to. */
function scheduleField(
  code: string,
  params: Readonly<Record<string, unknown>>,
  form: SettingsForm,
): SettingsField {
  if (code === 'unknown_timezone') return 'timezone';
  if (code === 'invalid_days') return 'days';
  if (code === 'reveal_before_post') return 'revealTime';
  return params.value === form.revealTime ? 'revealTime' : 'postTime';
}

/** The form for the addressed channel, or the refusal to show instead (not an admin). */
export async function openSettings(
  deps: AdminDeps,
  address: ChannelAddress,
  actor: Actor,
): Promise<{ readonly form: SettingsForm; readonly locale: Locale } | { readonly refused: View }> {
  const entry = await enter(deps, address, actor);
  if (!entry.ok) return { refused: entry.refused.view };
  return { form: settingsFormOf(entry.channel), locale: entry.m.locale };
}

export async function saveSettings(
  deps: AdminDeps,
  address: ChannelAddress,
  actor: Actor,
  form: SettingsForm,
  access?: () => Promise<ChannelAccess>,
): Promise<SettingsOutcome> {
  const entry = await enter(deps, address, actor);
  if (!entry.ok) {
    // Nothing is created for someone who may not administer the channel.
    const known = await deps.store.findChannel(address.platform, address.workspaceId, address.channelId);
    const locale = known
      ? replyLocale(known, address)
      : (address.viewerLocale ?? address.locale ?? DEFAULT_LOCALE);
    return { ok: false, errors: {}, view: entry.refused.view, locale };
  }
  const { channel, m } = entry;
  const errors: Partial<Record<SettingsField, string>> = {};
  const schedule = validateSchedule(form);
  if (!schedule.ok) {
    const params = schedule.error.params ?? {};
    errors[scheduleField(schedule.error.code, params, form)] = m.error(schedule.error.code, params);
  }
  if (!isLocale(form.locale)) errors.locale = m.error('invalid_locale', { value: form.locale });
  for (const [field, submitted, known] of [
    ['pillars', form.pillars, isPillarId],
    ['domains', form.domains, isDomainId],
    ['levels', form.levels, isLevel],
  ] as const) {
    const problem = unknownIds(m, submitted, known);
    if (problem) errors[field] = problem;
  }
  const holidays = parseHolidaySetting(form.holidays);
  if (!holidays.ok) errors.holidays = m.error(holidays.error.code, holidays.error.params ?? {});
  else if (holidays.value !== null && holidays.value !== 'auto' && holidays.value !== 'off') {
    if (!(await deps.quiz.holidays.countryName(holidays.value, m.locale)))
      errors.holidays = m.error('unknown_country', { value: form.holidays });
  }
  if (schedule.ok && form.reminderHours !== null) {
    const problem = reminderHoursProblem(form.reminderHours, schedule.value);
    if (problem === 'out_of_range')
      errors.reminderHours = m.reminders.invalidHours(String(form.reminderHours), MAX_REMINDER_HOURS);
    else if (problem === 'before_post')
      errors.reminderHours = m.reminders.hoursBeforePost(
        form.reminderHours,
        schedule.value.postTime,
        schedule.value.revealTime,
      );
  }
  if (
    form.digestDay !== null &&
    !(Number.isInteger(form.digestDay) && form.digestDay >= 1 && form.digestDay <= 7)
  )
    errors.digestDay = m.error('invalid_days', { value: String(form.digestDay) });
  if (!schedule.ok || Object.keys(errors).length > 0)
    return { ok: false, errors, view: null, locale: m.locale };

  const subscribing = !channel.subscribed;
  if (subscribing && access) {
    const checked = await access().catch(() => null);
    if (checked && checked.problems.length > 0)
      return {
        ok: false,
        errors: {},
        view: view('error', '', accessBlocks(m, channel, checked)),
        locale: m.locale,
      };
  }
  const updated = await deps.store.updateChannel(channel.id, {
    schedule: schedule.value,
    ...(form.locale !== channel.locale ? { locale: form.locale, localeSet: true } : {}),
    categoryFilter: joinFilter(
      {
        pillars: form.pillars.filter(isPillarId),
        domains: form.domains.filter(isDomainId),
        levels: form.levels.filter(isLevel),
        topics: parseCategoryList(form.topics),
      },
      form.locale,
    ),
    privateAnswers: form.privateAnswers,
    holidays: holidays.ok && holidays.value !== null ? holidays.value : channel.holidays,
    reminderHours: form.reminderHours,
    digestDay: form.digestDay,
    ...(subscribing ? { subscribed: true, paused: false, subscribedBy: actor.userId } : {}),
  });
  if (subscribing) await deps.store.closeIncidents(channel.id, deps.clock.now(), 'all');
  deps.quiz.forgetVoteEmojis();
  // Said in the language the channel now speaks.
  const after = messages(updated.locale);
  const summary = scheduleSummary(after, updated.schedule);
  return {
    ok: true,
    locale: updated.locale,
    view: messageView(
      'success',
      subscribing ? after.settings.subscribedNow(summary) : after.settings.saved(summary),
    ),
  };
}
