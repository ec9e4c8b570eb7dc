package esdb

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// validateStream refuses names the server would take as system streams:
// their events would be hidden from $all readers.
func validateStream(stream string) error {
	if stream == "" {
		return domain.Invalid("stream", "a stream name is required")
	}
	if strings.HasPrefix(stream, "$") {
		return domain.Invalid("stream", "stream names starting with $ are reserved for the server")
	}
	return nil
}

func validateAppend(stream string, events []eventstore.Envelope) error {
	if err := validateStream(stream); err != nil {
		return err
	}
	if len(events) == 0 {
		return domain.Invalid("events", "there are no events to append")
	}
	seen := make(map[uuid.UUID]bool, len(events))
	for _, e := range events {
		if err := validateEvent(e, seen); err != nil {
			return err
		}
	}
	return nil
}

// validateEvent checks one envelope. A zero ID would make the client invent
// one, and a retry would then write the event twice.
func validateEvent(e eventstore.Envelope, seen map[uuid.UUID]bool) error {
	switch {
	case e.ID == uuid.Nil:
		return domain.Invalid("id", "every event needs an ID")
	case seen[e.ID]:
		return domain.Invalid("id", "an event ID appears twice in one append")
	case e.Type == "":
		return domain.Invalid("type", "every event needs a type")
	case strings.HasPrefix(e.Type, "$"):
		return domain.Invalid("type", "event types starting with $ are reserved for the server")
	case !json.Valid(e.Data):
		return domain.Invalid("data", "event data must be JSON")
	}
	seen[e.ID] = true
	return nil
}

func validateLimit(limit int) error {
	if limit <= 0 {
		return domain.Invalid("limit", "the limit must be positive")
	}
	return nil
}
