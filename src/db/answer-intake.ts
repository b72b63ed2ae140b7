import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AnswerIntake, IntakeResult } from '../core/ports.js';
import type { AnswerStatus, ChannelAddress } from '../core/types.js';
import { fromJsonRow } from './json-row.js';
import { toChannel, toRound } from './mapping.js';
import type { Db } from './open-database.js';
import { answers, channels, rounds, workspaces } from './schema.js';

interface IntakeRow extends Record<string, unknown> {
  readonly channel: Record<string, unknown>;
  readonly workspace: Record<string, unknown>;
  readonly round: Record<string, unknown>;
  readonly decided: AnswerStatus;
  readonly answer_id: number | null;
}

function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns the rows; PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A thread reply stored in one statement, one round trip: it finds the round by (platform,
 * workspace, channel, thread), decides the answer's status and inserts it. The status rule is
 * `statusOfNewReply` (src/core/answers.ts) in SQL: late unless the round is open and before its
 * deadline, else extra when the user already has a counted answer, else counted. A retried or
 * duplicated event hits the (round, message) key and inserts nothing; two first replies of one
 * user at once hit the one-counted-per-user index, and the caller keeps the second as extra.
 */
export function answerIntake(db: Db): AnswerIntake {
  return {
    async recordAnswer(address: ChannelAddress, threadRef, answer): Promise<IntakeResult | null> {
      const at = answer.at.toISOString();
      const result = await db.execute(sql`
        with target as (
          select to_jsonb(c) as channel, to_jsonb(w) as workspace, to_jsonb(r) as round, r.id as round_id,
            case
              when r.status <> 'open' or ${at}::timestamptz >= r.reveal_at then 'late'
              when exists (select 1 from answers a
                           where a.round_id = r.id and a.user_id = ${answer.userId} and a.status = 'counted')
                then 'extra'
              else 'counted'
            end as decided
          from workspaces w
          join channels c on c.workspace_id = w.id and c.external_id = ${address.channelId}
          join rounds r on r.channel_id = c.id and r.message_ref = ${threadRef}
          where w.platform = ${address.platform} and w.external_id = ${address.workspaceId}
          limit 1
        ), inserted as (
          insert into answers (round_id, user_id, user_name, message_ref, text, status, created_at, updated_at)
          select round_id, ${answer.userId}, ${answer.userName}, ${answer.messageRef}, ${answer.text}, decided,
            ${at}::timestamptz, ${at}::timestamptz
          from target
          on conflict do nothing
          returning id
        )
        select target.channel, target.workspace, target.round, target.decided, inserted.id as answer_id
        from target left join inserted on true`);
      const [row] = rowsOf<IntakeRow>(result);
      if (!row) return null;
      return {
        channel: toChannel(fromJsonRow(channels, row.channel), fromJsonRow(workspaces, row.workspace)),
        round: toRound(fromJsonRow(rounds, row.round)),
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
