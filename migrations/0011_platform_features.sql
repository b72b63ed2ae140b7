CREATE TABLE "answer_votes" (
	"answer_id" integer NOT NULL,
	"voter_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_votes_answer_id_voter_id_pk" PRIMARY KEY("answer_id","voter_id")
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"channel_id" integer NOT NULL,
	"week_start" date NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone,
	CONSTRAINT "digests_channel_id_week_start_pk" PRIMARY KEY("channel_id","week_start")
);
--> statement-breakpoint
CREATE TABLE "nudges" (
	"workspace_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"local_date" date NOT NULL,
	"round_id" integer,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "nudges_workspace_id_user_id_local_date_pk" PRIMARY KEY("workspace_id","user_id","local_date")
);
--> statement-breakpoint
CREATE TABLE "reminder_opt_outs" (
	"workspace_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_opt_outs_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "round_reminders" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "reminder_hours" smallint;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "digest_day" smallint;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "vote_emoji" text DEFAULT 'star' NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "notify_role" text;--> statement-breakpoint
ALTER TABLE "answer_votes" ADD CONSTRAINT "answer_votes_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nudges" ADD CONSTRAINT "nudges_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nudges" ADD CONSTRAINT "nudges_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_opt_outs" ADD CONSTRAINT "reminder_opt_outs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_reminders" ADD CONSTRAINT "round_reminders_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;