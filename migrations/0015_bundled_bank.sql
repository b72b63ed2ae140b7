CREATE TABLE "bundled_bank" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"fingerprint" text NOT NULL,
	"questions" integer NOT NULL,
	"library_updated_at" timestamp with time zone,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
