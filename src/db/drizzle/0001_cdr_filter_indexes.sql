CREATE INDEX `cdrs_extension` ON `cdrs` (`extension`);--> statement-breakpoint
CREATE INDEX `recordings_channel` ON `recordings` (`channel_uuid`);