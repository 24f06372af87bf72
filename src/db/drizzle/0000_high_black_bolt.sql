CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_name_unique` ON `api_tokens` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `cdrs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`call_uuid` text NOT NULL,
	`direction` text NOT NULL,
	`leg` text NOT NULL,
	`caller_id_number` text,
	`caller_id_name` text,
	`destination_number` text,
	`extension` text,
	`did` text,
	`gateway` text,
	`context` text,
	`started_at` integer NOT NULL,
	`answered_at` integer,
	`ended_at` integer NOT NULL,
	`duration_seconds` integer NOT NULL,
	`bill_seconds` integer NOT NULL,
	`hangup_cause` text NOT NULL,
	`raw` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cdrs_uuid_unique` ON `cdrs` (`uuid`);--> statement-breakpoint
CREATE INDEX `cdrs_call` ON `cdrs` (`call_uuid`);--> statement-breakpoint
CREATE INDEX `cdrs_started` ON `cdrs` (`started_at`);--> statement-breakpoint
CREATE INDEX `cdrs_caller` ON `cdrs` (`caller_id_number`);--> statement-breakpoint
CREATE INDEX `cdrs_destination` ON `cdrs` (`destination_number`);--> statement-breakpoint
CREATE TABLE `dids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`description` text,
	`gateway_id` integer,
	`destination_type` text NOT NULL,
	`destination_target` text NOT NULL,
	`record` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dids_number_unique` ON `dids` (`number`);--> statement-breakpoint
CREATE INDEX `dids_destination` ON `dids` (`destination_type`,`destination_target`);--> statement-breakpoint
CREATE TABLE `extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`caller_id_name` text,
	`caller_id_number` text,
	`a1_hash` text NOT NULL,
	`realm` text NOT NULL,
	`outbound_class` text DEFAULT 'national' NOT NULL,
	`record` integer DEFAULT false NOT NULL,
	`max_registrations` integer DEFAULT 3 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_number_unique` ON `extensions` (`number`);--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`host` text NOT NULL,
	`port` integer DEFAULT 5060 NOT NULL,
	`transport` text DEFAULT 'udp' NOT NULL,
	`username` text NOT NULL,
	`password_enc` text NOT NULL,
	`register` integer DEFAULT true NOT NULL,
	`expire_seconds` integer DEFAULT 600 NOT NULL,
	`retry_seconds` integer DEFAULT 30 NOT NULL,
	`from_domain` text,
	`caller_id_in_from` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateways_name_unique` ON `gateways` (`name`);--> statement-breakpoint
CREATE TABLE `outbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`pattern` text NOT NULL,
	`gateway_id` integer NOT NULL,
	`strip` integer DEFAULT 0 NOT NULL,
	`prepend` text DEFAULT '' NOT NULL,
	`caller_id_number` text,
	`required_class` text DEFAULT 'national' NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`record` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_routes_name_unique` ON `outbound_routes` (`name`);--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`channel_uuid` text NOT NULL,
	`call_uuid` text,
	`duration_ms` integer,
	`size_bytes` integer,
	`started_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recordings_path` ON `recordings` (`path`);--> statement-breakpoint
CREATE INDEX `recordings_call` ON `recordings` (`call_uuid`);