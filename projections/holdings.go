package projections

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Holding declares where a read model keeps the opened plaintext of sealed
// event fields (issue 11, item 1): which fields, in which table and
// columns, on which rows for a given data subject. The erasure's residue
// check counts from these declarations (Runtime.Residue), and a test
// holds them against the codec's registry of sealed fields
// (eventstore.Codec.SealedFields): a sealed field no read model accounts
// for fails it, and so does a column found holding a sealed field's words
// that no holding names. A holding with NotKept instead of a table says
// that no read model keeps those fields, and why.
type Holding struct {
	// Fields are the sealed fields whose plaintext, or what is made of
	// it (a search form, a word list), the columns hold, named as
	// eventstore.SealedField.String does ("contact.PersonRegistered.details").
	Fields []string
	// Table and Columns are where it is kept.
	Table   string
	Columns []string
	// Of is the SQL condition on Table's rows that selects those holding
	// subject $1's data ("id = $1").
	Of string
	// Held is the SQL condition that such a row still holds it; empty:
	// one of Columns is not blank (not NULL, '', '[]' or '{}').
	Held string
	// NotKept, set instead of Table, says why no read model keeps Fields.
	NotKept string
}

// Holder is an optional interface of a Projector: the read model declares
// what it holds of sealed fields. A read model that keeps none need not
// implement it.
type Holder interface {
	Holdings() []Holding
}

// held is h's condition that a row still holds the subject's data.
func (h Holding) held() string {
	if h.Held != "" {
		return h.Held
	}
	var any []string
	for _, c := range h.Columns {
		any = append(any, "coalesce("+c+"::text, '') NOT IN ('', '[]', '{}')")
	}
	return strings.Join(any, " OR ")
}

// Holdings returns the declarations of the runtime's read models, by
// projector name (those that hold nothing are absent).
func (rt *Runtime) Holdings() map[string][]Holding {
	out := map[string][]Holding{}
	for _, p := range rt.cfg.Projectors {
		if h, ok := p.(Holder); ok {
			out[p.Name()] = h.Holdings()
		}
	}
	return out
}

// Residue counts, per read model, the rows its declarations say still
// hold subject's data: what an erasure blanks, and all zeros once every
// read model has applied it (the erasure certificate records both).
func (rt *Runtime) Residue(ctx context.Context, subject string) (map[string]int64, error) {
	out := map[string]int64{}
	for name, holdings := range rt.Holdings() {
		n, err := RowsHeld(ctx, rt.cfg.Pool, holdings, subject)
		if err != nil {
			return nil, fmt.Errorf("projections: residue of %s: %w", name, err)
		}
		out[name] = n
	}
	return out, nil
}

// RowQuerier is what RowsHeld reads through: a pool, a connection or a
// transaction (every read model's DB).
type RowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// RowsHeld counts the rows of holdings that still hold subject's data.
func RowsHeld(ctx context.Context, db RowQuerier, holdings []Holding, subject string) (int64, error) {
	var counts []string
	for _, h := range holdings {
		if h.Table != "" {
			counts = append(counts, "(SELECT count(*) FROM "+h.Table+" WHERE ("+h.Of+") AND ("+h.held()+"))")
		}
	}
	if len(counts) == 0 {
		return 0, nil
	}
	var n int64
	if err := db.QueryRow(ctx, "SELECT "+strings.Join(counts, " + "), subject).Scan(&n); err != nil {
		return 0, err
	}
	return n, nil
}
