// Package documents keeps the files filed with matters and communication
// log entries: the encrypted blob store (Store: Put, Open, Delete), the
// documents_v1 read model that lists them (a Projector over the
// DocumentAttached and DocumentRemoved events, with ForMatter,
// ForCommunication and Get), and the record of every download
// (RecordDownload, Downloads).
//
// # Why the bytes are not in the event log
//
// A document is up to tens of megabytes; the log is read from the start by
// every projector and every rebuild, kept forever and copied to every
// backup, so files in it would make all of that slow and large. And files
// must be deletable: DocumentRemoved, retention and erasure delete their
// bytes, which an append-only log never does. So the bytes live here,
// beside the read models in the same PostgreSQL database (sharing its
// migrations and backups), and the log only records that a file was
// attached: its sealed name and SHA-256, its size and type, who uploaded
// it. Unlike a read model, the blob tables cannot be rebuilt from events:
// they are written directly and migrated (Migrations, component
// "documents"), never dropped by a rebuild.
//
// # Encryption
//
// A file is cut into chunks (Config.ChunkSize, 1 MiB by default) and each
// chunk is sealed with the data subject's key (the matter's, else the
// contact's: see communication.DataSubjectFor), with associated data that
// binds the document ID, the chunk's index and whether it is the last one.
// A chunk moved to another document or place, a chunk left out, or a file
// cut short fails to open (ErrCorrupt); a shredded key makes every chunk
// unreadable at once (KindErased), even in old backups. Open streams a
// file chunk by chunk and never holds all of it. The SHA-256 returned by
// Put is of the plaintext; the event seals it.
//
// Put commits chunk by chunk rather than in one transaction: an upload
// lasts as long as the client's line, and an open transaction would hold
// back the event store's read horizon, and with it every projection. A
// document is readable once Put marks it complete; a failed Put deletes
// what it wrote, and DeleteAbandoned sweeps uploads whose process died.
//
// Content types are sniffed from the bytes (communication.Sniff), never
// taken from the client; the command then checks them against the file
// name's extension (communication.DocumentType). The HTTP edge serves a
// download with the read model's ContentType, "X-Content-Type-Options:
// nosniff" and "Content-Disposition: attachment".
//
// Nothing here logs; errors carry IDs, never names or contents.
//
// May import: projections, domain (and domain/communication), eventstore
// (only for Decoded), internal/pgmigrate, pgx and the standard library.
// The key ring is reached through the small Sealer port declared here.
package documents
