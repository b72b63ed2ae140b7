import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, channelRow, HEALTHY, tickAt } from './failure-world.js';
import { blocksText, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * The settings modal round trip on Slack: `/sa-admin` with nothing after it opens the form
 * (`views.open` with the command's trigger), filled with the channel's settings; a submission is
 * checked as one form — a reveal before the question time comes back as that field's error and
 * nothing is saved — and a good one saves everything (subscribing the channel) and turns the
 * modal into the result. Someone who is not an admin gets no form, and a forged submission
 * changes nothing.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let seq = 0;
const MEMBER = 'U0MEMBER';

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: MEMBER, name: 'member' });
});

afterEach(async () => {
  await slack.close();
});

/** `/sa-admin` with no text as `user`; the views.open call it made, if any, and the private reply. */
async function openForm(user = ADMIN): Promise<{ modal: SlackCall | undefined; reply: string | null }> {
  const before = slack.fake.callsTo('views.open').length;
  const name = `settings-${++seq}`;
  await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text: '',
      userId: user,
      channelId: HEALTHY,
      channelName: 'healthy',
      responseUrl: slack.fake.responseUrl(name),
      triggerId: `trigger-settings-${seq}`,
    }),
  );
  await slack.adapter.idle();
  const modal = slack.fake.callsTo('views.open').slice(before)[0];
  const replied = slack.fake.responses.find((r) => r.name === name);
  return { modal, reply: replied ? blocksText(replied.body.blocks) : null };
}

type Block = { block_id?: string; element?: Record<string, unknown> };
const blockOf = (modal: SlackCall, id: string): Block | undefined => {
  const view = (typeof modal.body.view === 'string' ? JSON.parse(modal.body.view) : modal.body.view) as {
    blocks: Block[];
  };
  return view.blocks.find((b) => b.block_id === id);
};

function values(form: {
  post: string;
  reveal: string;
  days: number[];
  zone: string;
  lang: string;
  pillars?: string[];
  levels?: string[];
  topics?: string;
  privately?: boolean;
  holidays?: string;
  reminder?: string;
  digest?: string;
}) {
  const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
  const multi = (chosen: string[] = []) => ({
    type: 'multi_static_select',
    selected_options: chosen.map((value) => ({ value })),
  });
  return {
    postTime: { v: { type: 'timepicker', selected_time: form.post } },
    revealTime: { v: { type: 'timepicker', selected_time: form.reveal } },
    days: { v: { type: 'checkboxes', selected_options: form.days.map((d) => ({ value: String(d) })) } },
    timezone: { v: select(form.zone) },
    locale: { v: { type: 'radio_buttons', selected_option: { value: form.lang } } },
    pillars: { v: multi(form.pillars) },
    domains: { v: multi([]) },
    levels: { v: multi(form.levels) },
    topics: { v: { type: 'plain_text_input', value: form.topics ?? null } },
    privateAnswers: { v: { type: 'checkboxes', selected_options: form.privately ? [{ value: 'on' }] : [] } },
    holidays: { v: select(form.holidays ?? 'auto') },
    reminderHours: { v: select(form.reminder ?? 'off') },
    digestDay: { v: select(form.digest ?? 'off') },
  };
}

async function submit(user: string, v: ReturnType<typeof values>) {
  const delivery = await slack.send.interactive(
    viewSubmission({
      userId: user,
      callbackId: 'sa-quiz.settings',
      privateMetadata: JSON.stringify({ channelId: HEALTHY, channelName: 'healthy' }),
      values: v,
    }),
  );
  expect(delivery.status).toBe(200);
  return (delivery.body === '' ? {} : JSON.parse(delivery.body)) as {
    response_action?: string;
    errors?: Record<string, string>;
    view?: { blocks: unknown[] };
  };
}

describe('Slack: the settings modal', () => {
  it('opens filled in, refuses a reveal before the question (nothing saved), then saves the whole form', async () => {
    const { modal, reply } = await openForm();
    expect(reply).toBeNull();
    expect(modal?.body.trigger_id).toMatch(/^trigger-settings-/);
    expect(blockOf(modal!, 'postTime')?.element).toMatchObject({ type: 'timepicker', initial_time: '09:00' });
    expect(blockOf(modal!, 'revealTime')?.element).toMatchObject({ initial_time: '18:00' });
    const days = blockOf(modal!, 'days')?.element?.initial_options as { value: string }[];
    expect(days.map((d) => d.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(blockOf(modal!, 'timezone')?.element).toMatchObject({ initial_option: { value: 'Asia/Seoul' } });
    expect(blockOf(modal!, 'reminderHours')?.element).toMatchObject({ initial_option: { value: 'off' } });
    expect(blockOf(modal!, 'digestDay')?.element).toMatchObject({ initial_option: { value: 'off' } });
    // The category filter: pillars, domains and levels from lists (in Korean here), topics typed.
    const pillars = blockOf(modal!, 'pillars')?.element as {
      type: string;
      options: { text: { text: string } }[];
    };
    expect(pillars.type).toBe('multi_static_select');
    expect(pillars.options.map((o) => o.text.text)).toContain('보안');
    expect(blockOf(modal!, 'domains')?.element).toMatchObject({ type: 'multi_static_select' });
    expect(blockOf(modal!, 'levels')?.element).not.toHaveProperty('initial_options');

    const wrong = await submit(
      ADMIN,
      values({ post: '09:00', reveal: '08:30', days: [1], zone: 'Asia/Seoul', lang: 'ko' }),
    );
    expect(wrong.response_action).toBe('errors');
    expect(Object.keys(wrong.errors ?? {})).toEqual(['revealTime']);
    expect(wrong.errors?.revealTime).toContain('08:30');
    expect(await tdb.current.store.findChannel('slack', 'T0SAQUIZ', HEALTHY)).toMatchObject({
      subscribed: false,
    });
    // A pillar no list offers (a forged or stale form) is that field's error.
    const forged = await submit(
      ADMIN,
      values({
        post: '09:00',
        reveal: '18:00',
        days: [1],
        zone: 'Asia/Seoul',
        lang: 'ko',
        pillars: ['luck'],
      }),
    );
    expect(forged.errors).toEqual({ pillars: expect.stringContaining('luck') });
    // A reminder earlier than the question itself (10 h before an 18:00 reveal, posted at 09:00).
    const early = await submit(
      ADMIN,
      values({ post: '09:00', reveal: '18:00', days: [1], zone: 'Asia/Seoul', lang: 'ko', reminder: '10' }),
    );
    expect(Object.keys(early.errors ?? {})).toEqual(['reminderHours']);

    const saved = await submit(
      ADMIN,
      values({
        post: '10:00',
        reveal: '17:30',
        days: [1, 3, 5],
        zone: 'America/New_York',
        lang: 'en',
        pillars: ['security'],
        levels: ['professional'],
        topics: 'Lambda, VPC',
        privately: true,
        holidays: 'off',
        reminder: '2',
        digest: '5',
      }),
    );
    expect(saved.response_action).toBe('update');
    expect(blocksText(saved.view?.blocks)).toContain(
      'Subscribed this channel: Mon,Wed,Fri at 10:00, revealed at 17:30 (America/New_York)',
    );
    expect(await channelRow(tdb.current.store, HEALTHY)).toMatchObject({
      subscribed: true,
      subscribedBy: ADMIN,
      schedule: { postTime: '10:00', revealTime: '17:30', days: [1, 3, 5], timezone: 'America/New_York' },
      locale: 'en',
      localeSet: true,
      categoryFilter: ['Security', 'Professional', 'Lambda', 'VPC'],
      privateAnswers: true,
      holidays: 'off',
      reminderHours: 2,
      digestDay: 5,
    });
    // Monday 2025-03-10, 10:00 in New York (EDT since the 9th): the question goes out.
    await tickAt(slack, '2025-03-10T14:00:00Z');
    expect(slack.fake.messagesIn(HEALTHY, { topLevel: true })).toHaveLength(1);

    // Opened again: what was saved, in the channel's language now.
    const again = (await openForm()).modal!;
    expect(blockOf(again, 'postTime')?.element).toMatchObject({ initial_time: '10:00' });
    expect(blockOf(again, 'timezone')?.element).toMatchObject({
      initial_option: { value: 'America/New_York' },
    });
    expect(blockOf(again, 'reminderHours')?.element).toMatchObject({ initial_option: { value: '2' } });
    expect(blockOf(again, 'digestDay')?.element).toMatchObject({ initial_option: { value: '5' } });
    expect(blockOf(again, 'pillars')?.element).toMatchObject({
      initial_options: [{ value: 'security', text: { text: 'Security' } }],
    });
    expect(blockOf(again, 'levels')?.element).toMatchObject({ initial_options: [{ value: 'professional' }] });
    expect(blockOf(again, 'topics')?.element).toMatchObject({ initial_value: 'Lambda, VPC' });
    expect(JSON.stringify(again.body.view)).toContain('Question time');
  });

  it('a member gets no form but the refusal; a forged submission by a member saves nothing', async () => {
    const { modal, reply } = await openForm(MEMBER);
    expect(modal).toBeUndefined();
    expect(reply).toContain('관리자');
    const forged = await submit(
      MEMBER,
      values({ post: '07:00', reveal: '08:00', days: [6], zone: 'UTC', lang: 'en' }),
    );
    expect(forged.response_action).toBe('update');
    expect(blocksText(forged.view?.blocks)).toContain('관리자');
    expect(await tdb.current.store.findChannel('slack', 'T0SAQUIZ', HEALTHY)).toBeNull();
  });
});
