package esdb

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// wireMetadata is the event's user metadata on the server: the envelope's
// Metadata with the schema version beside it, so a reader needs nothing else.
type wireMetadata struct {
	eventstore.Metadata
	SchemaVersion int `json:"schema_version"`
}

func toEventData(e eventstore.Envelope) (kurrentdb.EventData, error) {
	m := e.Metadata
	// Microseconds in UTC is what every adapter gives back (PostgreSQL's
	// resolution), so a replay sees the same value whichever store it used.
	m.OccurredAt = m.OccurredAt.Truncate(time.Microsecond).UTC()
	meta, err := json.Marshal(wireMetadata{Metadata: m, SchemaVersion: e.SchemaVersion})
	if err != nil {
		return kurrentdb.EventData{}, domain.Internal(fmt.Errorf("esdb: encode metadata of event %s: %w", e.ID, err))
	}
	return kurrentdb.EventData{EventID: e.ID, EventType: e.Type, ContentType: kurrentdb.ContentTypeJson,
		Data: e.Data, Metadata: meta}, nil
}

func fromRecorded(r *kurrentdb.RecordedEvent) (eventstore.Envelope, error) {
	var m wireMetadata
	if len(r.UserMetadata) > 0 {
		if err := json.Unmarshal(r.UserMetadata, &m); err != nil {
			return eventstore.Envelope{}, domain.Internal(fmt.Errorf("esdb: event %s has metadata Klient did not write: %w", r.EventID, err))
		}
	}
	m.OccurredAt = m.OccurredAt.UTC()
	return eventstore.Envelope{
		ID: r.EventID, Stream: r.StreamID, Type: r.EventType, SchemaVersion: m.SchemaVersion,
		Data: r.Data, Metadata: m.Metadata,
		Version: r.EventNumber, Position: positionOf(r.Position), RecordedAt: r.CreatedDate,
	}, nil
}

// positionOf maps the server's "no position" (all bits set, sent by
// servers that do not know an event's place on a stream read) to Start.
func positionOf(p kurrentdb.Position) eventstore.Position {
	if p.Commit == math.MaxUint64 {
		return eventstore.Start
	}
	return eventstore.Position{Commit: p.Commit, Prepare: p.Prepare}
}

// allPosition names where a $all read or subscription starts.
func allPosition(after eventstore.Position) kurrentdb.AllPosition {
	if after == eventstore.Start {
		return kurrentdb.Start{}
	}
	return kurrentdb.Position{Commit: after.Commit, Prepare: after.Prepare}
}

// isSystem is the rule of kurrentdb.ExcludeSystemEventsFilter.
func isSystem(r *kurrentdb.RecordedEvent) bool { return len(r.EventType) > 0 && r.EventType[0] == '$' }
