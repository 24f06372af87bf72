CREATE TABLE `ring_group_members` (
	`ring_group_id` integer NOT NULL,
	`position` integer NOT NULL,
	`extension_number` text NOT NULL,
	PRIMARY KEY(`ring_group_id`, `position`),
	FOREIGN KEY (`ring_group_id`) REFERENCES `ring_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_number`) REFERENCES `extensions`(`number`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ring_group_members_once` ON `ring_group_members` (`ring_group_id`,`extension_number`);--> statement-breakpoint
CREATE INDEX `ring_group_members_extension` ON `ring_group_members` (`extension_number`);--> statement-breakpoint
CREATE TABLE `ring_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`number` text,
	`strategy` text DEFAULT 'simultaneous' NOT NULL,
	`ring_seconds` integer DEFAULT 20 NOT NULL,
	`timeout_seconds` integer DEFAULT 60 NOT NULL,
	`fallback_type` text DEFAULT 'hangup' NOT NULL,
	`fallback_target` text DEFAULT 'NO_ANSWER' NOT NULL,
	`caller_id_name_prefix` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ring_groups_name_unique` ON `ring_groups` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `ring_groups_number_unique` ON `ring_groups` (`number`);--> statement-breakpoint
-- Ring group writes go to the change log (0004) like the other PBX tables: the compiled copy
-- xml_curl answers from reloads its groups when one appears. A member row names its group; when
-- the group itself is being deleted (members go by cascade) the group's own trigger has logged it.
CREATE TRIGGER `ring_groups_changed_insert` AFTER INSERT ON `ring_groups` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ring_group', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ring_groups_changed_update` AFTER UPDATE ON `ring_groups` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ring_group', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ring_groups_changed_delete` AFTER DELETE ON `ring_groups` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ring_group', OLD.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ring_group_members_changed_insert` AFTER INSERT ON `ring_group_members` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ring_group', `name` FROM `ring_groups` WHERE `id` = NEW.`ring_group_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ring_group_members_changed_update` AFTER UPDATE ON `ring_group_members` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ring_group', `name` FROM `ring_groups` WHERE `id` = NEW.`ring_group_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ring_group_members_changed_delete` AFTER DELETE ON `ring_group_members` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ring_group', `name` FROM `ring_groups` WHERE `id` = OLD.`ring_group_id`;
END;
