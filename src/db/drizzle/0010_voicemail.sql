ALTER TABLE `extensions` ADD `voicemail_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `extensions` ADD `voicemail_pin_hash` text;--> statement-breakpoint
ALTER TABLE `extensions` ADD `voicemail_greeting` text;