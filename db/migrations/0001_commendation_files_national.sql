CREATE TABLE "award_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"nominee_id" integer NOT NULL,
	"year" integer NOT NULL,
	"title_code" text,
	"form_name" text NOT NULL,
	"form_key" text NOT NULL,
	"type" text DEFAULT 'cong_trang' NOT NULL,
	"decision_no" text DEFAULT '' NOT NULL,
	"decision_date" text,
	"issuer" text,
	"achievement_key" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "downloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"data" "bytea" NOT NULL,
	"chat_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"mime" text NOT NULL,
	"storage" text NOT NULL,
	"data" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" serial PRIMARY KEY NOT NULL,
	"nominee_id" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text DEFAULT 'sang_kien' NOT NULL,
	"scope" text NOT NULL,
	"year" integer NOT NULL,
	"recognised_by" text,
	"recognised_on" text,
	"decision_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nominee_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"nominee_id" integer NOT NULL,
	"kind" text NOT NULL,
	"opened_on" text NOT NULL,
	"closed_on" text,
	"period_end" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nominee_lineage" (
	"id" serial PRIMARY KEY NOT NULL,
	"successor_id" integer NOT NULL,
	"predecessor_id" integer NOT NULL,
	"kind" text NOT NULL,
	"effective_on" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nominees" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"birth_year" integer,
	"gender" text,
	"position" text,
	"unit_name" text,
	"unit_key" text DEFAULT '' NOT NULL,
	"unit_nominee_id" integer,
	"bot_unit_id" integer,
	"jurisdiction" text,
	"dissolved_on" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_ratings" (
	"nominee_id" integer NOT NULL,
	"year" integer NOT NULL,
	"rating" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_ratings_nominee_id_year_pk" PRIMARY KEY("nominee_id","year")
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "archive_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "archive_error" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "titles" ADD COLUMN "rules_version" text;--> statement-breakpoint
ALTER TABLE "titles" ADD COLUMN "synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "award_records" ADD CONSTRAINT "award_records_nominee_id_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_nominee_id_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominee_flags" ADD CONSTRAINT "nominee_flags_nominee_id_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominee_lineage" ADD CONSTRAINT "nominee_lineage_successor_id_nominees_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominee_lineage" ADD CONSTRAINT "nominee_lineage_predecessor_id_nominees_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominees" ADD CONSTRAINT "nominees_unit_nominee_id_nominees_id_fk" FOREIGN KEY ("unit_nominee_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominees" ADD CONSTRAINT "nominees_bot_unit_id_units_id_fk" FOREIGN KEY ("bot_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_ratings" ADD CONSTRAINT "task_ratings_nominee_id_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_records_uq" ON "award_records" USING btree ("nominee_id","year","form_key","decision_no");--> statement-breakpoint
CREATE INDEX "award_records_year_idx" ON "award_records" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "downloads_token_uq" ON "downloads" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "downloads_expires_idx" ON "downloads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "initiatives_nominee_idx" ON "initiatives" USING btree ("nominee_id","year");--> statement-breakpoint
CREATE INDEX "nominee_flags_nominee_idx" ON "nominee_flags" USING btree ("nominee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nominee_lineage_uq" ON "nominee_lineage" USING btree ("successor_id","predecessor_id");--> statement-breakpoint
CREATE INDEX "nominee_lineage_pred_idx" ON "nominee_lineage" USING btree ("predecessor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nominees_code_uq" ON "nominees" USING btree ("code");--> statement-breakpoint
CREATE INDEX "nominees_match_idx" ON "nominees" USING btree ("kind","name_key","unit_key");--> statement-breakpoint
CREATE INDEX "nominees_bot_unit_idx" ON "nominees" USING btree ("bot_unit_id");--> statement-breakpoint
CREATE INDEX "attachments_unarchived_idx" ON "attachments" USING btree ("archived_at","created_at");