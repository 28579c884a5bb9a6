ALTER TABLE "sections" ADD COLUMN "synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "titles" ADD COLUMN "synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL;