/**
 * Answers that arrive while the answer statement is in flight are stored together, in one
 * statement, when it returns (as a database groups commits): at 09:00 a busy workspace sends
 * hundreds a second, and one statement of ten answers costs the database and the driver far less
 * than ten. A lone answer goes out at once, by the single statement, as before: nothing waits for
 * company. The batch statement applies the same rule to each answer as RECORD_ANSWER_STATEMENT
 * (src/db/answer-intake.ts); tests/integration/answer-intake.test.ts checks they agree.
 */

/** One answer to store: the statement's parameters ($1…$9 of the single statement). */
export type IntakeParams = readonly [
  platform: string,
  workspace: string,
  channel: string,
  thread: string,
  at: string,
  userId: string,
  userName: string,
  messageRef: string,
  text: string,
];

/**
 * The answers as parallel text arrays, in order; the row for the answer at position n (from 1)
 * has `ord` n. A retried event inside the batch is the caller's to drop (see AnswerBatcher): the
 * statement tells answers apart by (round, message).
 */
export const RECORD_ANSWERS_STATEMENT = `
  with input as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[])
      with ordinality as i(platform, workspace, channel, thread, at, user_id, user_name, message_ref, text, ord)
  ), target as (
    select distinct on (i.ord) i.ord, i.user_id, i.user_name, i.message_ref, i.text, i.at::timestamptz as at,
      r.id as round_id, c.id as channel_id, c.locale, w.external_id as workspace_external_id,
      case
        when r.status <> 'open' or i.at::timestamptz >= r.reveal_at then 'late'
        when exists (select 1 from answers a where a.round_id = r.id and a.user_id = i.user_id and a.status = 'counted')
          then 'extra'
        else 'counted'
      end as decided
    from input i
    join workspaces w on w.platform = i.platform and w.external_id = i.workspace
    join channels c on c.workspace_id = w.id and c.external_id = i.channel
    join rounds r on r.channel_id = c.id and r.message_ref = i.thread
    order by i.ord
  ), inserted as (
    insert into answers (round_id, user_id, user_name, message_ref, text, status, created_at, updated_at)
    select round_id, user_id, user_name, message_ref, text, decided, at, at from target order by ord
    on conflict do nothing
    returning id, round_id, message_ref
  )
  select t.ord, t.round_id, t.channel_id, t.locale, t.workspace_external_id, t.decided, ins.id as answer_id
  from target t left join inserted ins on ins.round_id = t.round_id and ins.message_ref = t.message_ref`;

/** A PostgreSQL text array literal (`{"a","b\\"c"}`): every element quoted, `"` and `\` escaped. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The batch statement's parameters: one text array per column. */
export function batchParams(batch: readonly IntakeParams[]): string[] {
  return Array.from({ length: 9 }, (_, column) => textArray(batch.map((params) => params[column] ?? '')));
}

interface Waiting<R> {
  readonly params: IntakeParams;
  resolve(row: R | null): void;
  reject(error: unknown): void;
}

export interface BatcherOptions<R> {
  /** Statements out at once (default 2). */
  readonly maxInFlight?: number;
  /** Answers in one statement at most (default 200); the rest wait for the next. */
  readonly maxBatch?: number;
  /** The row a retried event's copy gets: the first's, with no answer (default: answer_id null). */
  readonly copyOf?: (row: R) => R;
  /** A batch the database refused, before it is sent again answer by answer: never the answers' text. */
  readonly onBatchFailed?: (error: unknown, size: number) => void;
}

/**
 * Sends answers by `single` while fewer than `maxInFlight` statements are out, and those that
 * queued meanwhile by `batch` when one returns. A batch that fails is sent again answer by answer
 * (one bad answer — text the database refuses — fails only its own caller). Two answers with one
 * (channel, thread, message) in a batch are a retried event: only the first is sent, the other
 * gets its row with no answer id (a duplicate, as the single statement would say).
 */
export class AnswerBatcher<R extends { readonly answer_id: unknown }> {
  private queue: Waiting<R>[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly copyOf: (row: R) => R;

  constructor(
    private readonly single: (params: IntakeParams) => Promise<R | null>,
    private readonly batch: (batch: readonly IntakeParams[]) => Promise<ReadonlyMap<number, R>>,
    private readonly options: BatcherOptions<R> = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxBatch = options.maxBatch ?? 200;
    this.copyOf = options.copyOf ?? ((row) => ({ ...row, answer_id: null }));
  }

  record(params: IntakeParams): Promise<R | null> {
    return new Promise<R | null>((resolve, reject) => {
      this.queue.push({ params, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const waiting = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.send(waiting).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(waiting: readonly Waiting<R>[]): Promise<void> {
    const unique: Waiting<R>[] = [];
    const repeats: { readonly waiting: Waiting<R>; readonly of: number }[] = [];
    const seen = new Map<string, number>();
    for (const w of waiting) {
      const [platform, workspace, channel, thread, , , , message] = w.params;
      const key = JSON.stringify([platform, workspace, channel, thread, message]);
      const of = seen.get(key);
      if (of === undefined) {
        seen.set(key, unique.length);
        unique.push(w);
      } else repeats.push({ waiting: w, of });
    }
    let rows: ReadonlyMap<number, R> | null = null;
    if (unique.length > 1)
      rows = await this.batch(unique.map((w) => w.params)).catch((error: unknown) => {
        this.options.onBatchFailed?.(error, unique.length);
        return null;
      });
    const outcomes = unique.map((w, i) =>
      rows ? Promise.resolve(rows.get(i + 1) ?? null) : this.single(w.params),
    );
    for (const [i, w] of unique.entries()) outcomes[i]?.then(w.resolve, w.reject);
    for (const { waiting: w, of } of repeats)
      outcomes[of]?.then((row) => w.resolve(row ? this.copyOf(row) : null), w.reject);
    await Promise.allSettled(outcomes);
  }
}
