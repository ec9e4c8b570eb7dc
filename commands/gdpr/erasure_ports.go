package gdpr

import (
	"context"
	"time"
)

// Shredder destroys a data subject's key for good, so every field sealed
// with it, in every stream and every backup, stays unreadable. crypto's
// Keyring does it (the wiring adapts its Tombstone). Shredding again must
// return the first tombstone.
type Shredder interface {
	Shred(ctx context.Context, subjectID string) (KeyTombstone, error)
}

// KeyTombstone is the evidence of a destroyed key: no personal data.
type KeyTombstone struct {
	Fingerprint string // of the destroyed keyset; "" if the subject never had a key
	KeyID       uint32
	ShreddedAt  time.Time
}

// DocumentEraser deletes the stored bytes of the documents sealed with one
// subject's key (a matter's documents are sealed with the matter's key and
// stay). The documents read model's Eraser implements it.
type DocumentEraser interface {
	DocumentsOf(ctx context.Context, subjectID string) (int64, error)
	EraseDocuments(ctx context.Context, subjectID string) (int64, error)
}

// HeldMail counts the incoming e-mail held for review (not yet filed)
// from or to an address of any of the subjects: the Shredder destroys
// each such message whole before their key, so the certificate says how
// many. A message is counted once, however many of them it names.
type HeldMail interface {
	HeldMailOf(ctx context.Context, subjectIDs []string) (int64, error)
}

// SubjectRecords knows where a subject's data lives, for the certificate:
// the streams whose events may hold fields sealed with their key (the
// executor reads them and counts), and per read model the rows that hold
// their data now.
type SubjectRecords interface {
	StreamsOf(ctx context.Context, subjectID string) ([]string, error)
	RowsOf(ctx context.Context, subjectID string) (map[string]int64, error)
}

// MentionFinder finds where the firm's free text in other records names
// the person being erased (their name, identity number, e-mail or phone),
// read while their key still opens their details: entries in other
// clients' matters that the erasure leaves readable, listed on the
// certificate for the DPO to redact one by one (docs/gdpr.md, "Mentions
// in other matters").
type MentionFinder interface {
	MentionsOf(ctx context.Context, subjectID string) ([]Mention, error)
}

// Mention is one entry whose text names the person: where it is and what
// named them, never the text.
type Mention struct {
	Kind     string   // MentionCommunication, MentionTask, …
	EntryID  string   // the communication's or task's ID
	MatterID string   // "" when the entry is filed under no matter
	Marks    []string // what named them: "name", "number", "email", "phone"
	Version  uint64   // the entry's version the spans are of
	Spans    []TextSpan
}

// TextSpan is where in one field of an entry's text a mark was found:
// rune offsets (End exclusive) and the kind of mark, never the words.
type TextSpan struct {
	Field      string // subject_line, body, title, description or text (a note)
	Start, End int
	Mark       string
}

// The kinds of entry a mention is in.
const (
	MentionCommunication = "communication" // a communication's subject line and note
	MentionTask          = "task"          // a task's title and description
	// Sealed with the matter's key, so listed but not redacted alone (the
	// text is corrected in the matter): the matter's own title and
	// description (EntryID is the matter's), a note on its file, a
	// deadline's title.
	MentionMatter     = "matter"
	MentionMatterNote = "matter_note"
	MentionDeadline   = "deadline"
	// The purpose typed for a reading in the access log, sealed for the
	// people read (EntryID is accesslog.MentionEntry's): redacted by
	// destroying every copy's key, the log's entry kept.
	MentionAccessPurpose = "access_purpose"
)

// ErasureLedger keeps the erasure certificate (the GDPR read model's
// Ledger, adapted by the wiring).
type ErasureLedger interface {
	// Open records what the executor counted before destroying anything;
	// once the key is destroyed, opening again changes nothing.
	Open(ctx context.Context, o ErasureOpening) error
	// KeyDestroyed records the key's tombstone; the first one stays.
	KeyDestroyed(ctx context.Context, erasureID string, ts KeyTombstone) error
}

// ErasureOpening is what an erasure is about to make unreadable or remove.
type ErasureOpening struct {
	ErasureID        string // the erasure request's ID
	SubjectID        string
	ExecutedBy       string
	StartedAt        time.Time
	EventsUnreadable map[string]int64 // stream → events with fields sealed with the subject's key
	RowsErased       map[string]int64 // read model → rows holding the subject's data
	Documents        int64            // stored documents sealed with the subject's key
	HeldMail         int64            // held incoming e-mail from or to their addresses (HeldMail)
	Mentions         []Mention        // entries elsewhere whose text names the subject
}
