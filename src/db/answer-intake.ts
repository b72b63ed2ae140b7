import { and, eq, inArray } from 'drizzle-orm';
import type { AnswerIntake, IntakeResult } from '../core/ports.js';
import { type AnswerStatus, type ChannelAddress, isLocale } from '../core/types.js';
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
 * workspace, channel, thread), decides the answer's status and inserts it, returning only the few
 * columns the work after the ack needs (`RecordedPlace`). The statement is the function
 * `record_answer` (migrations/0014_record_answer_function.sql), whose plan is made once per
 * connection on PostgreSQL and on PGlite alike; this call is sent by the driver as fixed text.
 */
const RECORD_ANSWER = 'select * from record_answer($1, $2, $3, $4, $5, $6, $7, $8, $9)';

export function answerIntake(db: Db): AnswerIntake {
  const query = driverQuery(db);
  return {
    async recordAnswer(address: ChannelAddress, threadRef, answer): Promise<IntakeResult | null> {
      const [row] = await query<IntakeRow>(RECORD_ANSWER, [
        address.platform,
        address.workspaceId,
        address.channelId,
        threadRef,
        answer.at.toISOString(),
        answer.userId,
        answer.userName,
        answer.messageRef,
        answer.text,
      ]);
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
