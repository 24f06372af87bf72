-- Call handling per extension (src/pbx/call-handling.ts). The columns live on extensions, so the
-- change log's extension triggers (0004) already carry every change to the compiled model.
ALTER TABLE `extensions` ADD `dnd` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `extensions` ADD `ring_seconds` integer;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_always_type` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_always_target` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_busy_type` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_busy_target` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_no_answer_type` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `forward_no_answer_target` text;