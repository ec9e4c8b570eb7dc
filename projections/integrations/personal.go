package integrations

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Purpose is what a processor-bound webhook is for, and the personal
// fields of the people its entries name that the purpose needs (data
// minimisation: no purpose gets a personnummer, an address or a note).
type Purpose struct {
	Name   string
	Fields []string // of PersonalFields: "name", "email"
}

// The fields a purpose may allow.
const (
	FieldName  = "name"
	FieldEmail = "email"
)

// Purposes are the purposes an administrator may tie a webhook to, in the
// form's order.
var Purposes = []Purpose{
	{Name: "billing", Fields: []string{FieldName, FieldEmail}},         // invoices to the client
	{Name: "case_management", Fields: []string{FieldName, FieldEmail}}, // the matter's people in the case system
	{Name: "time_reporting", Fields: []string{FieldName}},              // whose matter the hours are for
}

// PurposeOf returns the purpose named name.
func PurposeOf(name string) (Purpose, bool) {
	for _, p := range Purposes {
		if p.Name == name {
			return p, true
		}
	}
	return Purpose{}, false
}

// PersonalFields are one person's fields an entry carries for a
// processor-bound webhook, as its purpose allows.
type PersonalFields struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// ProcessorBound reports whether processor id is in the DPO's register
// with its art. 28 agreement signed: only then does a webhook tied to it
// get personal fields. Asked at every round, so a processor removed or
// rewritten without an agreement stops them at once.
func ProcessorBound(ctx context.Context, db DB, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	var signed bool
	err := db.QueryRow(ctx, `SELECT agreement_signed IS NOT NULL FROM dpo_processors_v3 WHERE id = $1`, id).Scan(&signed)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("integrations: the webhook's processor: %w", err)
	}
	return signed, nil
}

// Processor is a processor a webhook may be tied to: in the DPO's
// register with its art. 28 agreement signed.
type Processor struct {
	ID   string
	Name string
}

// Processors lists the processors a webhook may be tied to, by name.
func (w Webhooks) Processors(ctx context.Context) ([]Processor, error) {
	rows, err := w.db.Query(ctx, `SELECT id, name FROM dpo_processors_v3 WHERE agreement_signed IS NOT NULL ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("integrations: processors: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Processor])
}
