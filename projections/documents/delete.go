package documents

import (
	"context"
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Delete removes document docID's bytes. Deleting what is not there is no
// error: removal and erasure may race, and either finishing is enough.
func (s *Store) Delete(ctx context.Context, docID string) error {
	return DeleteBlob(ctx, s.pool, docID)
}

// DeleteBlob removes one document's bytes, in the caller's transaction if
// db is one. The projector calls it for DocumentRemoved.
func DeleteBlob(ctx context.Context, db DB, docID string) error {
	if _, err := db.Exec(ctx, `DELETE FROM document_blobs WHERE document_id = $1`, docID); err != nil {
		return domain.Internal(fmt.Errorf("documents: delete blob: %w", err))
	}
	return nil
}

// ownedBy is the condition on document_blobs that a row is sealed for
// subject $1 or for an entry key it owns ("$1/…", domain.EntryKey: a
// due-diligence record's copy of an identity document), whose key goes
// with the owner's.
const ownedBy = `(subject = $1 OR (subject COLLATE "C" > $1 || '/' AND subject COLLATE "C" < $1 || '0'))`

// DeleteBlobs removes the bytes of every document sealed for subject (or
// an entry key it owns) and returns how many documents that was. Erasure (after the subject's key is
// shredded, the bytes are unreadable anyway; this frees the space and
// leaves no ciphertext to wait for a broken cipher) and the end of a
// matter's retention call it, in their own transaction if db is one. The
// read model's rows and the download record stay: they hold no content.
func DeleteBlobs(ctx context.Context, db DB, subject string) (int64, error) {
	if subject == "" {
		return 0, domain.Invalid("subject", "a data subject ID is required")
	}
	tag, err := db.Exec(ctx, `DELETE FROM document_blobs WHERE `+ownedBy, subject)
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("documents: delete blobs: %w", err))
	}
	return tag.RowsAffected(), nil
}

// DeleteAbandoned removes uploads that never completed (the process died
// during Put) and began more than olderThan ago, and returns how many. Run
// it now and then (hourly, olderThan an hour: far longer than any upload).
func DeleteAbandoned(ctx context.Context, db DB, olderThan time.Duration) (int64, error) {
	tag, err := db.Exec(ctx, `DELETE FROM document_blobs WHERE NOT complete AND stored_at < now() - $1::interval`,
		fmt.Sprintf("%d microseconds", olderThan.Microseconds()))
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("documents: delete abandoned uploads: %w", err))
	}
	return tag.RowsAffected(), nil
}
