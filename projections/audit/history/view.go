package history

import (
	"encoding/json"
	"time"
)

// EventView is one event as history shows it: who, when, what changed.
type EventView struct {
	Version       uint64          `json:"version"`
	Position      string          `json:"position"`
	RecordedAt    time.Time       `json:"recorded_at"`
	OccurredAt    time.Time       `json:"occurred_at"`
	Actor         string          `json:"actor"`
	Type          string          `json:"type"`
	CorrelationID string          `json:"correlation_id,omitempty"`
	Changes       json.RawMessage `json:"changes"`
	Erased        []string        `json:"erased_subjects,omitempty"`
}

// ViewOf is e as history shows it.
func ViewOf(e Event) EventView {
	return EventView{Version: e.Version, Position: e.Position.String(), RecordedAt: e.RecordedAt,
		OccurredAt: e.Metadata.OccurredAt, Actor: e.Metadata.Actor, Type: e.Type,
		CorrelationID: e.Metadata.CorrelationID, Changes: Changes(e), Erased: e.Erased}
}

// Views are events as history shows them, in stream order.
func Views(events []Event) []EventView {
	out := make([]EventView, len(events))
	for i, e := range events {
		out[i] = ViewOf(e)
	}
	return out
}
