package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// batch is an append's events as column arrays, the shape unnest takes.
type batch struct {
	ids            []uuid.UUID
	types          []string
	schemaVersions []int32
	data           [][]byte
	metadata       []string
}

func newBatch(evs []eventstore.Envelope) (batch, error) {
	b := batch{
		ids:            make([]uuid.UUID, len(evs)),
		types:          make([]string, len(evs)),
		schemaVersions: make([]int32, len(evs)),
		data:           make([][]byte, len(evs)),
		metadata:       make([]string, len(evs)),
	}
	for i, e := range evs {
		md, err := encodeMetadata(e.Metadata)
		if err != nil {
			return batch{}, fmt.Errorf("eventstore/postgres: event %d metadata: %w", i, err)
		}
		b.ids[i], b.types[i], b.schemaVersions[i], b.metadata[i] = e.ID, e.Type, int32(e.SchemaVersion), md
		b.data[i] = e.Data
		if b.data[i] == nil {
			b.data[i] = []byte{} // NULL would break NOT NULL; empty is what was meant
		}
	}
	return b, nil
}

// args lays the batch out as $1..$7 of the append statements: columns as
// arrays, or for one event (insertOne) as scalars.
func (b batch) args(stream string) []any {
	if len(b.ids) == 1 {
		return []any{stream, int64(1), b.ids[0], b.types[0], b.schemaVersions[0], b.data[0], b.metadata[0]}
	}
	return []any{stream, int64(len(b.ids)), b.ids, b.types, b.schemaVersions, b.data, b.metadata}
}

// encodeMetadata keeps OccurredAt at PostgreSQL's microsecond resolution in
// UTC, so every reader and every replay sees the same instant.
func encodeMetadata(m eventstore.Metadata) (string, error) {
	m.OccurredAt = m.OccurredAt.Truncate(time.Microsecond).UTC()
	b, err := json.Marshal(m)
	return string(b), err
}

func decodeMetadata(raw []byte) (eventstore.Metadata, error) {
	var m eventstore.Metadata
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, err
	}
	m.OccurredAt = m.OccurredAt.UTC()
	return m, nil
}
