package postgres

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// maxNameLen keeps stream names and types well inside a btree entry.
const maxNameLen = 512

func validateAppend(stream string, evs []eventstore.Envelope) error {
	if err := validateName("stream", stream); err != nil {
		return err
	}
	if len(evs) == 0 {
		return domain.Invalid("events", "an append needs at least one event")
	}
	seen := make(map[uuid.UUID]bool, len(evs))
	for i, e := range evs {
		if e.ID == uuid.Nil {
			return domain.Invalid("id", "event %d has no ID", i)
		}
		if seen[e.ID] {
			return domain.Invalid("id", "event %d repeats the ID of an earlier event in the same append", i)
		}
		seen[e.ID] = true
		if err := validateName("type", e.Type); err != nil {
			return err
		}
		if e.SchemaVersion < 0 || e.SchemaVersion > math.MaxInt32 {
			return domain.Invalid("schema_version", "event %d has an impossible schema version", i)
		}
	}
	return nil
}

// validateName refuses what PostgreSQL text or its indexes cannot hold.
func validateName(field, s string) error {
	switch {
	case s == "":
		return domain.Invalid(field, "%s is empty", field)
	case len(s) > maxNameLen:
		return domain.Invalid(field, "%s is longer than %d bytes", field, maxNameLen)
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return domain.Invalid(field, "%s is not valid text", field)
	}
	return nil
}

func validateLimit(limit int) error {
	if limit <= 0 {
		return domain.Invalid("limit", "limit must be positive")
	}
	return nil
}
