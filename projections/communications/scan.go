package communications

import (
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/dpo"
)

func collect(rows pgx.Rows, err error) ([]Entry, error) {
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("communications: list: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Entry, error) { return scanEntry(r) })
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("communications: list: %w", err))
	}
	return out, nil
}

func scanEntry(row pgx.Row) (Entry, error) {
	var e Entry
	var kind, followUpStaff string
	var participants []byte
	var followUpOn *string
	var version int64
	var cats, grounds []string
	err := row.Scan(&e.ID, &kind, &e.OccurredAt, &participants, &e.MatterID, &e.ContactIDs, &e.DataSubject,
		&e.SubjectLine, &e.Body, &followUpOn, &followUpStaff, &e.CorrectedAt, &e.Deleted, &e.Erased,
		&e.LoggedBy, &e.LoggedAt, &e.UpdatedAt, &version, &e.Special, &cats, &grounds)
	if err != nil {
		return Entry{}, err
	}
	e.Kind, e.Version = communication.Kind(kind), uint64(version)
	for _, c := range cats {
		e.SpecialCategories = append(e.SpecialCategories, dpo.SpecialCategory(c))
	}
	for _, g := range grounds {
		e.SpecialGrounds = append(e.SpecialGrounds, dpo.SpecialGround(g))
	}
	e.OccurredAt, e.LoggedAt, e.UpdatedAt = e.OccurredAt.UTC(), e.LoggedAt.UTC(), e.UpdatedAt.UTC()
	if e.CorrectedAt != nil {
		at := e.CorrectedAt.UTC()
		e.CorrectedAt = &at
	}
	if followUpOn != nil {
		e.FollowUp = &FollowUp{DueOn: *followUpOn, AssignedTo: followUpStaff}
	}
	return e, json.Unmarshal(participants, &e.Participants)
}
