-- The owner's side of the reporting schema: the pseudonym secret, the
-- pseudonym function and the list of subjects reports leave out. Nothing
-- here is granted to analysts. See docs/reporting.md.
CREATE SCHEMA reporting_private;
REVOKE ALL ON SCHEMA reporting_private FROM PUBLIC;
-- Functions are executable by PUBLIC unless revoked: not here.
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting_private REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The per-installation pseudonym key, stored as HMAC-SHA256's two padded
-- keys (key XOR ipad, key XOR opad: 64 bytes each), so that the pseudonym
-- needs nothing but the built-in sha256(). gen_random_uuid() draws from
-- the server's strong random source; two of them hashed give the key.
CREATE TABLE reporting_private.pseudonym_key (
	id         smallint    PRIMARY KEY CHECK (id = 1),
	inner_pad  bytea       NOT NULL CHECK (octet_length(inner_pad) = 64),
	outer_pad  bytea       NOT NULL CHECK (octet_length(outer_pad) = 64),
	created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON reporting_private.pseudonym_key FROM PUBLIC;

DO $$
DECLARE
	k     bytea := sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'))
	             || decode(repeat('00', 32), 'hex');
	ipad  bytea := k;
	opad  bytea := k;
BEGIN
	FOR i IN 0 .. 63 LOOP
		ipad := set_byte(ipad, i, get_byte(k, i) # 54); -- 0x36
		opad := set_byte(opad, i, get_byte(k, i) # 92); -- 0x5c
	END LOOP;
	INSERT INTO reporting_private.pseudonym_key (id, inner_pad, outer_pad) VALUES (1, ipad, opad);
END $$;

-- pseudonym is the stable pseudonymous ID of an identifier:
-- 'p' || the first 24 hex digits (96 bits) of HMAC-SHA256(key, identifier).
CREATE FUNCTION reporting_private.pseudonym(identifier text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
	SELECT 'p' || left(encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(identifier, 'UTF8'))), 'hex'), 24)
	FROM reporting_private.pseudonym_key k WHERE k.id = 1
$$;

-- excluded_subjects is the hook through which reports leave people out:
-- erased contacts and staff members, and every data subject the GDPR
-- register holds as restricted or erased. To exclude more, replace this
-- function (CREATE OR REPLACE, same signature) in a later migration.
CREATE FUNCTION reporting_private.excluded_subjects() RETURNS TABLE (subject_id text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT c.id FROM contacts_v1 c WHERE c.erased
		UNION SELECT s.id FROM staff_v1 s WHERE s.erased
		UNION SELECT g.subject_id FROM gdpr_subjects_v1 g WHERE g.restricted OR g.erased;
END $$;
