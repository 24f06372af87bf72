CREATE TABLE `queue_agents` (
	`extension_number` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'Logged Out' NOT NULL,
	`wrap_up_seconds` integer DEFAULT 10 NOT NULL,
	`max_no_answer` integer DEFAULT 3 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`extension_number`) REFERENCES `extensions`(`number`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `queue_tiers` (
	`queue_id` integer NOT NULL,
	`agent` text NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`position` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`queue_id`, `agent`),
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent`) REFERENCES `queue_agents`(`extension_number`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `queue_tiers_agent` ON `queue_tiers` (`agent`);--> statement-breakpoint
CREATE TABLE `queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`strategy` text DEFAULT 'longest-idle-agent' NOT NULL,
	`music_on_hold` text,
	`max_wait_seconds` integer DEFAULT 0 NOT NULL,
	`no_agent_max_wait_seconds` integer DEFAULT 0 NOT NULL,
	`fallback_type` text DEFAULT 'hangup' NOT NULL,
	`fallback_target` text DEFAULT 'NO_ANSWER' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queues_name_unique` ON `queues` (`name`);--> statement-breakpoint
-- Queue, agent and tier writes go to the change log (0004): the compiled copy xml_curl answers
-- from (the dialplan's queue destinations and callcenter.conf) reloads its queues and agents.
CREATE TRIGGER `queues_changed_insert` AFTER INSERT ON `queues` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `queues_changed_update` AFTER UPDATE ON `queues` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `queues_changed_delete` AFTER DELETE ON `queues` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', OLD.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `queue_agents_changed_insert` AFTER INSERT ON `queue_agents` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', NEW.`extension_number`);
END;
--> statement-breakpoint
CREATE TRIGGER `queue_agents_changed_update` AFTER UPDATE ON `queue_agents` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', NEW.`extension_number`);
END;
--> statement-breakpoint
CREATE TRIGGER `queue_agents_changed_delete` AFTER DELETE ON `queue_agents` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('queue', OLD.`extension_number`);
END;
--> statement-breakpoint
CREATE TRIGGER `queue_tiers_changed_insert` AFTER INSERT ON `queue_tiers` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'queue', `name` FROM `queues` WHERE `id` = NEW.`queue_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_tiers_changed_update` AFTER UPDATE ON `queue_tiers` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'queue', `name` FROM `queues` WHERE `id` = NEW.`queue_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_tiers_changed_delete` AFTER DELETE ON `queue_tiers` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'queue', `name` FROM `queues` WHERE `id` = OLD.`queue_id`;
END;
