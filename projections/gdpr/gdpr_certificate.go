package gdpr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// ErasureCertificate is the evidence that one erasure was carried out: who
// approved and executed it, what became unreadable or was removed, and the
// destroyed key's fingerprint (which an auditor can match against the key
// store's tombstones and a restored backup). It holds no personal data.
type ErasureCertificate struct {
	ErasureID   string    `json:"erasure_id"` // the erasure request's ID
	SubjectHash string    `json:"subject"`    // SubjectHash of the subject's ID
	ExecutedBy  string    `json:"executed_by"`
	ApprovedBy  string    `json:"approved_by"`
	StartedAt   time.Time `json:"started_at"`
	ErasedAt    time.Time `json:"erased_at,omitzero"` // zero until SubjectErased is applied
	// EventsUnreadable counts, per stream, the events with fields sealed by
	// the destroyed keys ("{subject}" stands for the subject's ID, "{merged
	// 1}", … for the contacts merged into them, erased with them).
	EventsUnreadable map[string]int64 `json:"events_unreadable"`
	RowsErased       map[string]int64 `json:"rows_erased"` // per read model, counted before
	DocumentsDeleted int64            `json:"documents_deleted"`
	// HeldMailDestroyed counts the incoming e-mail held for review (not
	// yet filed) from or to the subject's addresses: each message went
	// whole, for everyone else it named too.
	HeldMailDestroyed int64          `json:"held_mail_destroyed"`
	Key               KeyDestruction `json:"key_destruction"`
	// ResidualRows counts, per read model, rows still holding the subject's
	// data once every projector had applied the erasure: all zero, or the
	// certificate is not verified.
	ResidualRows map[string]int64 `json:"residual_rows,omitempty"`
	VerifiedAt   time.Time        `json:"verified_at,omitzero"`
	// Mentions are the entries in other records whose text named the
	// subject when the erasure ran: left readable by it, each for the DPO
	// to redact or keep (docs/gdpr.md).
	Mentions []Mention `json:"mentions"`
}

// KeyDestruction is crypto's tombstone of the subject's key.
type KeyDestruction struct {
	Fingerprint string    `json:"fingerprint"`
	KeyID       uint32    `json:"key_id,omitempty"`
	DestroyedAt time.Time `json:"destroyed_at,omitzero"`
}

// Verified reports a finished erasure whose residue was counted as none.
func (c ErasureCertificate) Verified() bool {
	if c.VerifiedAt.IsZero() || c.ErasedAt.IsZero() || c.Key.DestroyedAt.IsZero() {
		return false
	}
	for _, n := range c.ResidualRows {
		if n != 0 {
			return false
		}
	}
	return true
}

// SubjectHash is the pseudonym a certificate names its subject by: whoever
// knows the subject's ID can find their certificate, nobody can read the
// ID back from it.
func SubjectHash(subjectID string) string {
	sum := sha256.Sum256([]byte("klient-erasure-subject\x00" + subjectID))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// WriteCertificateJSON writes c as indented JSON, for the DPO to file.
func WriteCertificateJSON(w io.Writer, c ErasureCertificate) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		ErasureCertificate
		Verified bool `json:"verified"`
	}{c, c.Verified()})
}

const certificateColumns = `erasure_id, subject_hash, executed_by, approved_by, started_at, erased_at,
	events_unreadable, rows_erased, documents_deleted, held_mail_destroyed, key_fingerprint, key_id, key_destroyed_at,
	residual_rows, verified_at`

// Certificate returns the certificate of erasure erasureID (the request's
// ID); one not (yet) begun is a KindNotFound error, code
// gdpr.certificate.not_found.
func Certificate(ctx context.Context, db DB, erasureID string) (ErasureCertificate, error) {
	c, err := scanCertificate(db.QueryRow(ctx, `SELECT `+certificateColumns+
		` FROM gdpr_erasure_certificates WHERE erasure_id = $1`, erasureID))
	if errors.Is(err, pgx.ErrNoRows) {
		return ErasureCertificate{}, domain.NotFound("there is no such erasure").WithCode("gdpr.certificate.not_found")
	}
	if err != nil {
		return ErasureCertificate{}, fmt.Errorf("gdpr: certificate: %w", err)
	}
	if c.Mentions, err = Mentions(ctx, db, erasureID); err != nil {
		return ErasureCertificate{}, err
	}
	return c, nil
}
