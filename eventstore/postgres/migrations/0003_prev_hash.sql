-- event_prev_hash is the hash a stream's next event links to: that of
-- version p_version (NULL when the row is missing, which verification
-- reports). A one-event append calls it in its own statement instead of
-- event_chain's loop. VOLATILE for the same reason as event_chain: its
-- query takes a fresh snapshot, so after the append has waited for the
-- streams row it sees the event the writer it waited for committed.
CREATE FUNCTION event_prev_hash(p_stream text, p_version bigint) RETURNS bytea
LANGUAGE sql VOLATILE AS $$
	SELECT e.hash FROM events e WHERE e.stream = p_stream AND e.version = p_version
$$;
