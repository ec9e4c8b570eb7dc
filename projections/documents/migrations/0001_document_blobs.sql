-- Encrypted document bytes, chunk by chunk. Written directly (not by a
-- projector): a rebuild never drops them. Identifiers only in the clear.
-- Each chunk is its own short transaction (a long one would hold back the
-- event store's read horizon for every subscriber), so a document is
-- readable only once complete; DeleteAbandoned sweeps uploads that died.
CREATE TABLE document_blobs (
	document_id text        PRIMARY KEY,
	subject     text        NOT NULL, -- the data subject whose key seals every chunk
	size        bigint      NOT NULL DEFAULT 0 CHECK (size >= 0),
	chunks      integer     NOT NULL DEFAULT 0,
	complete    boolean     NOT NULL DEFAULT false,
	stored_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_blobs_subject ON document_blobs (subject);
CREATE INDEX document_blobs_incomplete ON document_blobs (stored_at) WHERE NOT complete;

CREATE TABLE document_blob_chunks (
	document_id text    NOT NULL REFERENCES document_blobs ON DELETE CASCADE,
	chunk       integer NOT NULL CHECK (chunk >= 0),
	last        boolean NOT NULL, -- also sealed into the chunk's associated data
	sealed      bytea   NOT NULL,
	PRIMARY KEY (document_id, chunk)
);
-- The chunks are already encrypted: compressing them wastes CPU.
ALTER TABLE document_blob_chunks ALTER COLUMN sealed SET STORAGE EXTERNAL;

-- Who downloaded which document, when. Identifiers only.
CREATE TABLE document_downloads (
	id             bigserial   PRIMARY KEY,
	document_id    text        NOT NULL CHECK (document_id <> ''),
	staff_id       text        NOT NULL CHECK (staff_id <> ''),
	at             timestamptz NOT NULL,
	correlation_id text        NOT NULL DEFAULT ''
);
CREATE INDEX document_downloads_document ON document_downloads (document_id, at);
CREATE INDEX document_downloads_staff ON document_downloads (staff_id, at);
