-- What changed in the PBX tables, in commit order, whoever wrote it (the API, the CLI, a test, an
-- admin in the sqlite3 shell). callboard keeps a compiled copy of these tables in memory for
-- xml_curl; it patches that copy from this log instead of querying per request. The log keeps the
-- last 10 000 changes; a reader further behind rebuilds from the tables.
CREATE TABLE `pbx_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `pbx_changes_bounded` AFTER INSERT ON `pbx_changes` BEGIN
	DELETE FROM `pbx_changes` WHERE `seq` <= NEW.`seq` - 10000;
END;
--> statement-breakpoint
CREATE TRIGGER `extensions_changed_insert` AFTER INSERT ON `extensions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('extension', NEW.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `extensions_changed_update` AFTER UPDATE ON `extensions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('extension', OLD.`number`);
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'extension', NEW.`number` WHERE NEW.`number` IS NOT OLD.`number`;
END;
--> statement-breakpoint
CREATE TRIGGER `extensions_changed_delete` AFTER DELETE ON `extensions` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('extension', OLD.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `dids_changed_insert` AFTER INSERT ON `dids` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('did', NEW.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `dids_changed_update` AFTER UPDATE ON `dids` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('did', OLD.`number`);
	INSERT INTO `pbx_changes` (`kind`, `key`) SELECT 'did', NEW.`number` WHERE NEW.`number` IS NOT OLD.`number`;
END;
--> statement-breakpoint
CREATE TRIGGER `dids_changed_delete` AFTER DELETE ON `dids` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('did', OLD.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `outbound_routes_changed_insert` AFTER INSERT ON `outbound_routes` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('route', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `outbound_routes_changed_update` AFTER UPDATE ON `outbound_routes` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('route', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `outbound_routes_changed_delete` AFTER DELETE ON `outbound_routes` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('route', OLD.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `gateways_changed_insert` AFTER INSERT ON `gateways` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('gateway', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `gateways_changed_update` AFTER UPDATE ON `gateways` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('gateway', NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `gateways_changed_delete` AFTER DELETE ON `gateways` BEGIN
	INSERT INTO `pbx_changes` (`kind`, `key`) VALUES ('gateway', OLD.`name`);
END;
