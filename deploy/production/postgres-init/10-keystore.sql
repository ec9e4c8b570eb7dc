-- The key store's own database (KLIENT_KEYSTORE_URL), owned by the role
-- that owns the read models' database. The postgres image runs this once,
-- when it initialises an empty data volume; Klient migrates it at start.
-- In production the key store lives on a server of its own, with its own
-- backups: a backup holding both the log and the keys brings erased people
-- back when it is restored.
CREATE DATABASE klient_keys OWNER klient;
