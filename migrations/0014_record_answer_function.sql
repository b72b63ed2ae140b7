-- The answer path's one statement (src/db/answer-intake.ts), kept as a function so that its plan
-- is made once per connection: PL/pgSQL caches the plans of its statements. Embedded PGlite has
-- no prepared statements in its API and planned the three-table join on every answer (two thirds
-- of its cost), so answer-intake.ts calls this function there; on PostgreSQL it sends the same
-- statement as a prepared statement, which the server plans once (and costs less than the call).
--
-- In one round trip: the round whose message is p_thread in the addressed channel, the status the
-- rules give the reply (statusOfNewReply in src/core/answers.ts: late unless the round is open and
-- before its deadline, else extra when the user already has a counted answer, else counted), and
-- the reply inserted. A retried or duplicated event hits the (round, message) key and inserts
-- nothing (answer_id null); two first replies of one user at once hit the one-counted-per-user
-- index, and the caller keeps the second as extra. No row: no round has that message.
-- A change to this statement is a new migration that replaces the function.
create or replace function record_answer(p_platform text, p_workspace text, p_channel text, p_thread text,
  p_at timestamptz, p_user text, p_name text, p_message text, p_text text)
returns table(round_id integer, channel_id integer, locale text, workspace_external_id text, decided text, answer_id integer)
language plpgsql as $$
#variable_conflict use_column
begin
  return query
  with target as (
    select r.id as round_id, c.id as channel_id, c.locale, w.external_id as workspace_external_id,
      case
        when r.status <> 'open' or p_at >= r.reveal_at then 'late'
        when exists (select 1 from answers a where a.round_id = r.id and a.user_id = p_user and a.status = 'counted')
          then 'extra'
        else 'counted'
      end as decided
    from workspaces w
    join channels c on c.workspace_id = w.id and c.external_id = p_channel
    join rounds r on r.channel_id = c.id and r.message_ref = p_thread
    where w.platform = p_platform and w.external_id = p_workspace
    limit 1
  ), inserted as (
    insert into answers (round_id, user_id, user_name, message_ref, text, status, created_at, updated_at)
    select target.round_id, p_user, p_name, p_message, p_text, target.decided, p_at, p_at
    from target
    on conflict do nothing
    returning answers.id
  )
  select target.round_id, target.channel_id, target.locale, target.workspace_external_id, target.decided, inserted.id
  from target left join inserted on true;
end $$;
