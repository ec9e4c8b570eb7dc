package eventstore

import (
	"time"

	"github.com/google/uuid"
)

// Metadata travels with every event. It never holds personal data: subjects
// are pseudonymous IDs, the actor is a staff or system ID.
type Metadata struct {
	Actor         string    `json:"actor"`
	CorrelationID string    `json:"correlation_id,omitempty"`
	CausationID   string    `json:"causation_id,omitempty"`
	OccurredAt    time.Time `json:"occurred_at"`
	Subjects      []string  `json:"subjects,omitempty"` // data-subject IDs whose keys seal fields of Data
}

// Envelope is one event as the store keeps it. ID is a UUIDv7 chosen by the
// writer (re-appending the same IDs is idempotent). Stream, Version, Position
// and RecordedAt are set by the store and ignored on append.
type Envelope struct {
	ID            uuid.UUID
	Stream        string
	Type          string
	SchemaVersion int
	Data          []byte // JSON with personal fields sealed
	Metadata      Metadata

	Version    uint64    // 0-based revision of the event inside its stream
	Position   Position  // place in the global log
	RecordedAt time.Time // when the store committed it
}
