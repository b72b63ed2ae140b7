ALTER TABLE "channels" ADD COLUMN "holidays" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "off_days" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "streaks" ADD COLUMN "freezes" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "streaks" ADD COLUMN "freeze_progress" smallint DEFAULT 0 NOT NULL;