CREATE TABLE `time_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`schedule` text NOT NULL,
	`open_type` text NOT NULL,
	`open_target` text NOT NULL,
	`closed_type` text NOT NULL,
	`closed_target` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `time_conditions_name_unique` ON `time_conditions` (`name`);--> statement-breakpoint
-- Time condition writes go to the change log (0004) like the other PBX tables: the compiled copy
-- xml_curl answers from reloads its time conditions when one appears.
CREATE TRIGGER `time_conditions_changed_insert` AFTER INSERT ON `time_conditions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('time_condition', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `time_conditions_changed_update` AFTER UPDATE ON `time_conditions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('time_condition', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `time_conditions_changed_delete` AFTER DELETE ON `time_conditions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('time_condition', OLD.`name`);
END;
