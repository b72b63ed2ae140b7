ALTER TABLE "answers" ADD COLUMN "grade" jsonb;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "note_state" text;