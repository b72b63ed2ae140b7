ALTER TABLE "channels" ADD COLUMN "locale_set" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Before this column only `lang` could set a language other than the default.
UPDATE "channels" SET "locale_set" = true WHERE "locale" <> 'ko';