import { type AdminDeps, type AdminReply, adminReply, errorReply } from './admin-gate.js';
import { changeOffDays, type DayOff, holidayCountryOf, upcomingDaysOff } from './holidays.js';
import type { Catalog } from './i18n/catalog.js';
import { messageView } from './render.js';
import { roundWindow } from './schedule.js';
import { addDays, isoWeekday, localDateOf } from './time.js';
import type { Channel } from './types.js';

/** `/sa-admin holidays …` and `off-day …`, and what the status says of days without a round. */

/** How far ahead the status and the next-post line look for days off. */
const LOOKAHEAD_DAYS = 31;

/** `holidays KR|off|auto`, or with nothing after it what the channel follows. */
export async function runHolidays(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  setting: string | null,
): Promise<AdminReply> {
  if (setting === null)
    return adminReply(messageView('info', (await holidayLines(deps, m, channel)).join('\n')));
  const calendar = deps.quiz.holidays;
  if (setting === 'off') {
    await deps.store.updateChannel(channel.id, { holidays: 'off' });
    return adminReply(messageView('success', m.breaks.holidaysOff));
  }
  if (setting === 'auto') {
    const updated = await deps.store.updateChannel(channel.id, { holidays: 'auto' });
    const code = holidayCountryOf(updated);
    const name = code ? ((await calendar.countryName(code, m.locale)) ?? code) : null;
    return adminReply(messageView('success', m.breaks.holidaysAuto(name, updated.schedule.timezone)));
  }
  const name = await calendar.countryName(setting, m.locale);
  if (!name) return errorReply(m, { code: 'unknown_country', params: { value: setting } });
  await deps.store.updateChannel(channel.id, { holidays: setting });
  return adminReply(messageView('success', m.breaks.holidaysSet(name, setting)));
}

/** `off-day add|remove DATE…`: past off days are dropped whenever the list changes. */
export async function runOffDay(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  action: 'add' | 'remove',
  dates: readonly string[],
): Promise<AdminReply> {
  const today = localDateOf(deps.clock.now(), channel.schedule.timezone);
  const changed = changeOffDays(channel.offDays, action, dates, today);
  if (!changed.ok) return errorReply(m, changed.error);
  await deps.store.updateChannel(channel.id, { offDays: changed.value });
  const text = action === 'add' ? m.breaks.offDaysAdded(dates) : m.breaks.offDaysRemoved(dates);
  return adminReply(messageView('success', `${text}\n${m.breaks.statusOffDays(changed.value)}`));
}

function dayOffText(m: Catalog, off: DayOff): string {
  return off.kind === 'holiday' ? m.breaks.holidayName(off.names) : m.breaks.offDay;
}

/**
 * The status lines about days off: the calendar followed, the off days, whether today is one,
 * and the next ones on the channel's round days.
 */
export async function holidayLines(deps: AdminDeps, m: Catalog, channel: Channel): Promise<string[]> {
  const calendar = deps.quiz.holidays;
  const code = holidayCountryOf(channel);
  const country = code ? ((await calendar.countryName(code, m.locale)) ?? code) : null;
  const today = localDateOf(deps.clock.now(), channel.schedule.timezone);
  const lines = [
    m.breaks.statusHolidays(country, code, channel.holidays === 'auto'),
    m.breaks.statusOffDays(channel.offDays.filter((d) => d >= today)),
  ];
  // Holiday names in the reader's language.
  const shown = { ...channel, locale: m.locale };
  const upcoming = (await upcomingDaysOff(calendar, shown, today, LOOKAHEAD_DAYS)).filter(({ date }) =>
    channel.schedule.days.includes(isoWeekday(date)),
  );
  const first = upcoming[0];
  if (first?.date === today) lines.push(m.breaks.statusToday(dayOffText(m, first.off)));
  const next = upcoming.filter(({ date }) => date > today).slice(0, 3);
  if (next.length > 0)
    lines.push(m.breaks.statusUpcoming(next.map(({ date, off }) => `${date} ${dayOffText(m, off)}`)));
  return lines;
}

/** When the next scheduled question is posted: the next round day after `now` that is not a day off. */
export async function nextPostAt(deps: AdminDeps, channel: Channel): Promise<Date | null> {
  const now = deps.clock.now();
  const today = localDateOf(now, channel.schedule.timezone);
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const date = addDays(today, i);
    const window = roundWindow(channel.schedule, date);
    if (!window || window.postAt.getTime() <= now.getTime()) continue;
    if (!(await deps.quiz.dayOff(channel, date))) return window.postAt;
  }
  return null;
}
