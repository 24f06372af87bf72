CREATE TABLE `ivr_menu_options` (
	`menu_id` integer NOT NULL,
	`digits` text NOT NULL,
	`destination_type` text NOT NULL,
	`destination_target` text NOT NULL,
	PRIMARY KEY(`menu_id`, `digits`),
	FOREIGN KEY (`menu_id`) REFERENCES `ivr_menus`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ivr_menu_options_destination` ON `ivr_menu_options` (`destination_type`,`destination_target`);--> statement-breakpoint
CREATE TABLE `ivr_menus` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`greeting` text NOT NULL,
	`greeting_short` text,
	`invalid_sound` text,
	`exit_sound` text,
	`direct_dial` integer DEFAULT false NOT NULL,
	`timeout_seconds` integer DEFAULT 5 NOT NULL,
	`max_failures` integer DEFAULT 3 NOT NULL,
	`fallback_type` text DEFAULT 'hangup' NOT NULL,
	`fallback_target` text DEFAULT 'NORMAL_CLEARING' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ivr_menus_name_unique` ON `ivr_menus` (`name`);--> statement-breakpoint
-- Menu writes go to the change log (0004): the compiled copy xml_curl answers from reloads its
-- menus. An option row names its menu; when the menu itself is deleted (options go by cascade)
-- the menu's own trigger has logged it.
CREATE TRIGGER `ivr_menus_changed_insert` AFTER INSERT ON `ivr_menus` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ivr_menu', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ivr_menus_changed_update` AFTER UPDATE ON `ivr_menus` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ivr_menu', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ivr_menus_changed_delete` AFTER DELETE ON `ivr_menus` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('ivr_menu', OLD.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `ivr_menu_options_changed_insert` AFTER INSERT ON `ivr_menu_options` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ivr_menu', `name` FROM `ivr_menus` WHERE `id` = NEW.`menu_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ivr_menu_options_changed_update` AFTER UPDATE ON `ivr_menu_options` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ivr_menu', `name` FROM `ivr_menus` WHERE `id` = NEW.`menu_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ivr_menu_options_changed_delete` AFTER DELETE ON `ivr_menu_options` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'ivr_menu', `name` FROM `ivr_menus` WHERE `id` = OLD.`menu_id`;
END;
