-- Folding Swedish letters for the conflict-check index (å ä → a, ö → o, …)
-- uses unaccent. Like pg_trgm it serves read models without belonging to any
-- one of them, so it is created here, once, by `klient migrate`; a read
-- model's Setup then needs no right to create extensions.
CREATE EXTENSION IF NOT EXISTS unaccent;
