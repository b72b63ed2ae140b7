CREATE TABLE "channel_incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"kind" text NOT NULL,
	"problem" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"pauses" boolean NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"notice" text DEFAULT 'pending' NOT NULL,
	"notice_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "post_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "reveal_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "reveal_parts_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "reveal_gave_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_incidents" ADD CONSTRAINT "channel_incidents_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_incidents_one_open" ON "channel_incidents" USING btree ("channel_id") WHERE "channel_incidents"."closed_at" is null;--> statement-breakpoint
UPDATE "channels" SET "paused_reason" = 'admin' WHERE "paused";