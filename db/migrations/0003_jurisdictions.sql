CREATE TABLE "jurisdiction_successors" (
	"id" serial PRIMARY KEY NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"unit_code" text NOT NULL,
	"successor_code" text NOT NULL,
	"successor_unit_code" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"parent_id" integer,
	"unit_code_in_parent" text,
	"issuer" text NOT NULL,
	"office_name" text NOT NULL,
	"council_name" text,
	"legal_basis" text,
	"time_zone" text,
	"rule_set" text,
	"active_from" text,
	"active_to" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- An installation from before the tree holds one jurisdiction: its names move from settings
-- into one row of "jurisdictions", and every local row belongs to it.
INSERT INTO "jurisdictions" ("code", "name", "level", "issuer", "office_name", "council_name", "legal_basis", "note")
SELECT
	coalesce((SELECT "value"->>'code' FROM "settings" WHERE "key" = 'jurisdiction'), 'default'),
	coalesce((SELECT "value"->>'name' FROM "settings" WHERE "key" = 'jurisdiction'), (SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'issuer'), 'default'),
	coalesce((SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'issuer_level'), 'xa'),
	coalesce((SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'issuer'), ''),
	coalesce((SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'office_name'), ''),
	(SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'council_name'),
	(SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'legal_basis'),
	(SELECT "value"#>>'{}' FROM "settings" WHERE "key" = 'note')
WHERE EXISTS (SELECT 1 FROM "settings" WHERE "key" IN ('issuer', 'jurisdiction'))
	OR EXISTS (SELECT 1 FROM "units") OR EXISTS (SELECT 1 FROM "campaigns") OR EXISTS (SELECT 1 FROM "rule_params")
	OR EXISTS (SELECT 1 FROM "report_templates") OR EXISTS (SELECT 1 FROM "titles" WHERE "rules_version" IS NULL);--> statement-breakpoint
DELETE FROM "settings" WHERE "key" IN ('issuer', 'issuer_level', 'office_name', 'council_name', 'legal_basis', 'note', 'jurisdiction');--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "units" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "people" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "people" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "invites" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "invites" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "campaigns" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "sections" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "sections" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "report_templates" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "report_templates" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "report_templates" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "deadlines" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "deadlines" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "deadlines" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "submissions" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "submissions" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "exemplars" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "exemplars" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "exemplars" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "broadcasts" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "broadcasts" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "rule_params" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "rule_params" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "rule_params" ALTER COLUMN "jurisdiction_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
ALTER TABLE "titles" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
ALTER TABLE "button_tokens" ADD COLUMN "jurisdiction_id" integer;--> statement-breakpoint
UPDATE "titles" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions") WHERE "rules_version" IS NULL;--> statement-breakpoint
UPDATE "audit_log" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions") WHERE "entity" NOT IN ('setting', 'national');--> statement-breakpoint
UPDATE "outbox" SET "jurisdiction_id" = (SELECT min("id") FROM "jurisdictions");--> statement-breakpoint
ALTER TABLE "rule_params" DROP CONSTRAINT "rule_params_pkey";--> statement-breakpoint
ALTER TABLE "rule_params" ADD CONSTRAINT "rule_params_jurisdiction_id_code_pk" PRIMARY KEY("jurisdiction_id","code");--> statement-breakpoint
DROP INDEX "accounts_channel_external_uq";--> statement-breakpoint
DROP INDEX "campaigns_code_uq";--> statement-breakpoint
DROP INDEX "deadlines_code_uq";--> statement-breakpoint
DROP INDEX "people_code_uq";--> statement-breakpoint
DROP INDEX "report_templates_code_uq";--> statement-breakpoint
DROP INDEX "titles_code_uq";--> statement-breakpoint
DROP INDEX "units_code_uq";--> statement-breakpoint
ALTER TABLE "conversation_state" ADD COLUMN "seat" text;--> statement-breakpoint
ALTER TABLE "jurisdiction_successors" ADD CONSTRAINT "jurisdiction_successors_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_parent_id_jurisdictions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jurisdiction_successors_uq" ON "jurisdiction_successors" USING btree ("jurisdiction_id","unit_code","successor_code");--> statement-breakpoint
CREATE UNIQUE INDEX "jurisdictions_code_uq" ON "jurisdictions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "jurisdictions_parent_idx" ON "jurisdictions" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exemplars" ADD CONSTRAINT "exemplars_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_templates" ADD CONSTRAINT "report_templates_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_params" ADD CONSTRAINT "rule_params_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "titles" ADD CONSTRAINT "titles_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_identity_idx" ON "accounts" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "audit_jurisdiction_idx" ON "audit_log" USING btree ("jurisdiction_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "titles_local_code_uq" ON "titles" USING btree ("jurisdiction_id","code") WHERE "titles"."jurisdiction_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_channel_external_uq" ON "accounts" USING btree ("channel","external_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_code_uq" ON "campaigns" USING btree ("jurisdiction_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_code_uq" ON "deadlines" USING btree ("jurisdiction_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "people_code_uq" ON "people" USING btree ("jurisdiction_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "report_templates_code_uq" ON "report_templates" USING btree ("jurisdiction_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "titles_code_uq" ON "titles" USING btree ("code") WHERE "titles"."jurisdiction_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_uq" ON "units" USING btree ("jurisdiction_id","code");
