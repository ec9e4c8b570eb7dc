-- The purpose a member typed may name people, and a backup keeps the log
-- for years: from here on it is sealed, once per person the access was to,
-- with an entry key that person owns ('<subject>/access-purposes'), so that
-- their erasure makes every purpose written about them unreadable without
-- touching the append-only log (docs/gdpr.md, "The access log's purpose").
-- An access to nobody (a refused list) seals it under the member's own ID.
-- access_log.purpose is then left NULL; entries written before keep theirs.
-- No foreign key: it would answer a TRUNCATE of access_log before the
-- append-only trigger does; retention deletes both (DeleteOlderThan).
CREATE TABLE access_log_purposes (
	entry_id bigint NOT NULL, -- access_log.id
	owner    text   NOT NULL, -- whose entry key seals it
	sealed   bytea  NOT NULL,
	PRIMARY KEY (entry_id, owner)
);

-- Append-only like the log itself.
CREATE TRIGGER access_log_purposes_append_only BEFORE UPDATE OR DELETE ON access_log_purposes
	FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_purposes_no_truncate BEFORE TRUNCATE ON access_log_purposes
	FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
