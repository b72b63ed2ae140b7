import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from '../core/logger.js';
import type { AnswerIntake, IntakeResult } from '../core/ports.js';
import { type AnswerStatus, type ChannelAddress, isLocale } from '../core/types.js';
import { AnswerBatcher, batchParams, type IntakeParams, RECORD_ANSWERS_STATEMENT } from './answer-batch.js';
import { driverQuery } from './driver-query.js';
import type { Db } from './open-database.js';
import { answers } from './schema.js';

interface IntakeRow {
  readonly round_id: number;
  readonly channel_id: number;
  readonly locale: string;
  readonly workspace_external_id: string;
  readonly decided: AnswerStatus;
  readonly answer_id: number | string | null;
}

/**
 * A thread reply stored in one statement, one round trip: it finds the round by (platform,
 * workspace, channel, thread), decides the answer's status and inserts it. The status rule is
 * `statusOfNewReply` (src/core/answers.ts) in SQL: late unless the round is open and before its
 * deadline, else extra when the user already has a counted answer, else counted. A retried or
 * duplicated event hits the (round, message) key and inserts nothing; two first replies of one
 * user at once hit the one-counted-per-user index, and the caller keeps the second as extra.
 * It returns only the few columns the work after the ack needs (`RecordedPlace`).
 *
 * On PostgreSQL the statement is sent as a prepared statement, planned once per connection. PGlite
 * has no prepared statements and would plan the three-table join on every answer (two thirds of
 * its cost), so there it calls the same statement kept as the function `record_answer`
 * (migrations/0014_record_answer_function.sql), whose plan PL/pgSQL caches; on PostgreSQL that
 * call costs about a tenth more than the statement. tests/integration/answer-intake.test.ts runs
 * on both; a change to one is a change to the other (and a new migration).
 */
const RECORD_ANSWER_STATEMENT = `
  with target as (
    select r.id as round_id, c.id as channel_id, c.locale, w.external_id as workspace_external_id,
      case
        when r.status <> 'open' or $5::timestamptz >= r.reveal_at then 'late'
        when exists (select 1 from answers a where a.round_id = r.id and a.user_id = $6 and a.status = 'counted')
          then 'extra'
        else 'counted'
      end as decided
    from workspaces w
    join channels c on c.workspace_id = w.id and c.external_id = $3
    join rounds r on r.channel_id = c.id and r.message_ref = $4
    where w.platform = $1 and w.external_id = $2
    limit 1
  ), inserted as (
    insert into answers (round_id, user_id, user_name, message_ref, text, status, created_at, updated_at)
    select round_id, $6, $7, $8, $9, decided, $5::timestamptz, $5::timestamptz
    from target
    on conflict do nothing
    returning id
  )
  select target.*, inserted.id as answer_id from target left join inserted on true`;

const RECORD_ANSWER_FUNCTION = 'select * from record_answer($1, $2, $3, $4, $5, $6, $7, $8, $9)';

export function answerIntake(db: Db, log?: Logger): AnswerIntake {
  // The intake's row holds ids and text only.
  const query = driverQuery(db, { rowsHoldDates: false });
  const single = async (params: IntakeParams): Promise<IntakeRow | null> =>
    (
      await query<IntakeRow>(
        query.driver === 'postgres' ? RECORD_ANSWER_STATEMENT : RECORD_ANSWER_FUNCTION,
        params,
      )
    )[0] ?? null;
  // PGlite runs one statement at a time in this process anyway: nothing to group there.
  const batcher =
    query.driver === 'postgres'
      ? new AnswerBatcher<IntakeRow>(
          single,
          async (batch) => {
            const rows = await query<IntakeRow & { ord: number | string }>(
              RECORD_ANSWERS_STATEMENT,
              batchParams(batch),
            );
            return new Map(rows.map((row) => [Number(row.ord), row]));
          },
          {
            // A retried event's copy is a duplicate, not a second first answer to keep as extra.
            copyOf: (row) => ({
              ...row,
              answer_id: null,
              decided: row.decided === 'counted' ? 'extra' : row.decided,
            }),
            // The SQLSTATE only: the database's message may quote the answers.
            onBatchFailed: (error, size) =>
              log?.warn(
                { size, code: (error as { code?: unknown } | null)?.code ?? 'unknown' },
                'answers refused as a batch; storing them one by one',
              ),
          },
        )
      : null;
  return {
    async recordAnswer(address: ChannelAddress, threadRef, answer): Promise<IntakeResult | null> {
      const params: IntakeParams = [
        address.platform,
        address.workspaceId,
        address.channelId,
        threadRef,
        answer.at.toISOString(),
        answer.userId,
        answer.userName,
        answer.messageRef,
        answer.text,
      ];
      const row = batcher ? await batcher.record(params) : await single(params);
      if (!row) return null;
      return {
        round: { id: Number(row.round_id) },
        channel: {
          id: Number(row.channel_id),
          locale: isLocale(row.locale) ? row.locale : 'ko',
          workspaceExternalId: row.workspace_external_id,
        },
        decided: row.decided,
        answerId: row.answer_id === null ? null : Number(row.answer_id),
      };
    },

    async nameAnswerAuthors(answerIds: readonly number[], userName: string): Promise<void> {
      await db
        .update(answers)
        .set({ userName })
        .where(and(inArray(answers.id, [...answerIds]), eq(answers.userName, '')));
    },
  };
}
