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
CREATE UNIQUE INDEX "downloads_token_uq" ON "downloads" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "downloads_expires_idx" ON "downloads" USING btree ("expires_at");