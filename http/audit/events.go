package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditEventRow is one event of a history page: who, when, what changed.
type auditEventRow struct {
	Version  uint64
	At       time.Time // when the log recorded it
	Stamp    string    // At to the second, as the "show as of" form takes it
	Actor    string    // the actor's name, else their ID
	Type     string    // the event type, as stored
	Name     string    // the event in words
	Changes  []auditChange
	Withheld bool // it concerns someone behind a wall
}

// auditChange is one field an event set, its value as JSON would write it
// (strings bare); Erased when the subject's key is gone.
type auditChange struct {
	Field, Value string
	Erased       bool
}

// auditEventRows turns events into rows; an event about someone behind a
// wall, or withheld as special categories, keeps its who, when and what,
// but not its content. It returns the
// subjects whose data the rows show.
func auditEventRows(lang i18n.Lang, events []history.Event, names map[string]string, walls auditWalls) ([]auditEventRow, []string) {
	rows := make([]auditEventRow, 0, len(events))
	var subjects []string
	for _, e := range events {
		v := history.ViewOf(e)
		row := auditEventRow{Version: v.Version, At: v.RecordedAt, Stamp: stamp(v.RecordedAt), Actor: web.ActorName(lang, names, v.Actor), Type: v.Type,
			Name: eventName(lang, v.Type), Withheld: walls.anySubject(e.Metadata.Subjects) || walls.withholdsSpecial(e)}
		if !row.Withheld {
			row.Changes = auditChanges(v.Changes)
			subjects = append(subjects, e.Metadata.Subjects...)
		}
		rows = append(rows, row)
	}
	slices.Reverse(rows) // newest first, as every list of Klient's
	return rows, subjects
}

// auditChanges lists an event's fields, sorted by name.
func auditChanges(raw json.RawMessage) []auditChange {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return []auditChange{{Field: "", Value: string(raw)}}
	}
	out := make([]auditChange, 0, len(fields))
	for k, v := range fields {
		out = append(out, auditChange{Field: k, Value: bare(v), Erased: bytes.Equal(v, history.ErasedMark)})
	}
	slices.SortFunc(out, func(a, b auditChange) int { return strings.Compare(a.Field, b.Field) })
	return out
}

// bare is a JSON value as a reader takes it in: a string without quotes.
func bare(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// stamp is t in Stockholm to the second, Swedish style: an auditor
// compares it with the moment they ask for.
func stamp(t time.Time) string { return t.In(i18n.Stockholm).Format("2006-01-02 15:04:05") }
