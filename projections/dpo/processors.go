package dpo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// Processor is one line of the register of processors.
type Processor struct {
	domaindpo.ProcessorRecorded
	ThirdCountries []string
	Version        uint64
	UpdatedAt      time.Time
}

const processorColumns = `id, name, service, data_categories, sub_processors, countries, third_countries, mechanism,
	coalesce(transfer_assessed, 'epoch'), coalesce(agreement_signed, 'epoch'), review_by, recorded_by, version, updated_at`

// Processors lists every processor, the earliest review first.
func Processors(ctx context.Context, db DB) ([]Processor, error) {
	return scanProcessors(db.Query(ctx, `SELECT `+processorColumns+` FROM dpo_processors_v3 ORDER BY review_by, id`))
}

// ReviewsDue lists the processors whose review is due by by.
func ReviewsDue(ctx context.Context, db DB, by time.Time) ([]Processor, error) {
	return scanProcessors(db.Query(ctx, `SELECT `+processorColumns+` FROM dpo_processors_v3 WHERE review_by <= $1
		ORDER BY review_by, id`, by))
}

// GetProcessor reads one processor; an unknown ID is domain.NotFound.
func GetProcessor(ctx context.Context, db DB, id string) (Processor, error) {
	list, err := scanProcessors(db.Query(ctx, `SELECT `+processorColumns+` FROM dpo_processors_v3 WHERE id = $1`, id))
	if err != nil {
		return Processor{}, err
	}
	if len(list) == 0 {
		return Processor{}, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found")
	}
	return list[0], nil
}

// SignedProcessor is a processor in the register with its art. 28
// agreement signed: one an integration's webhook may be tied to, and
// carry personal fields for (projections/integrations' purposes).
type SignedProcessor struct {
	ID   string
	Name string
}

// SignedProcessors lists the processors with their agreement signed, by
// name: those the webhook form offers.
func SignedProcessors(ctx context.Context, db DB) ([]SignedProcessor, error) {
	rows, err := db.Query(ctx, `SELECT id, name FROM dpo_processors_v3 WHERE agreement_signed IS NOT NULL ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("dpo: signed processors: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[SignedProcessor])
}

// AgreementSigned reports whether processor id is in the register with its
// agreement signed; no ID, or one the register does not hold, is false.
// The webhook sender asks it at every round, so a processor removed or
// rewritten without an agreement stops the personal fields at once.
func AgreementSigned(ctx context.Context, db DB, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	var signed bool
	err := db.QueryRow(ctx, `SELECT agreement_signed IS NOT NULL FROM dpo_processors_v3 WHERE id = $1`, id).Scan(&signed)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dpo: the processor's agreement: %w", err)
	}
	return signed, nil
}

func scanProcessors(rows pgx.Rows, err error) ([]Processor, error) {
	if err != nil {
		return nil, fmt.Errorf("dpo: processors: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Processor, error) {
		var p Processor
		var mechanism string
		var v int64
		err := r.Scan(&p.ProcessorID, &p.Name, &p.Service, &p.DataCategories, &p.SubProcessors, &p.Countries, &p.ThirdCountries,
			&mechanism, &p.TransferAssessed, &p.AgreementSigned, &p.ReviewBy, &p.RecordedBy, &v, &p.UpdatedAt)
		p.Mechanism, p.Version = domaindpo.Mechanism(mechanism), uint64(v)
		for _, t := range []*time.Time{&p.TransferAssessed, &p.AgreementSigned} {
			if t.Unix() == 0 {
				*t = time.Time{}
			}
		}
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: processors: %w", err)
	}
	return out, nil
}

// ProcessorEvent is one line of a processor's history: a save of its
// details, or a signed agreement uploaded (Kind "agreement", with its
// document).
type ProcessorEvent struct {
	Version    uint64
	Kind       string // recorded or agreement
	At         time.Time
	By         string // staff ID
	DocumentID string
	Name       string
	Size       int64
}

// ProcessorHistory is processor id's history, the latest first.
func ProcessorHistory(ctx context.Context, db DB, id string) ([]ProcessorEvent, error) {
	rows, err := db.Query(ctx, `SELECT version, kind, at, by_staff, document_id, name, size FROM dpo_processor_history_v3
		WHERE processor_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("dpo: processor history: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ProcessorEvent, error) {
		var e ProcessorEvent
		var v int64
		err := r.Scan(&v, &e.Kind, &e.At, &e.By, &e.DocumentID, &e.Name, &e.Size)
		e.Version = uint64(v)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: processor history: %w", err)
	}
	return out, nil
}

// ProcessorAgreement reads one signed agreement of processor id; one that
// is not the processor's is domain.NotFound, as an unknown ID is.
func ProcessorAgreement(ctx context.Context, db DB, processorID, documentID string) (ProcessorEvent, error) {
	var e ProcessorEvent
	var v int64
	err := db.QueryRow(ctx, `SELECT version, kind, at, by_staff, document_id, name, size FROM dpo_processor_history_v3
		WHERE processor_id = $1 AND document_id = $2 AND kind = 'agreement'`, processorID, documentID).
		Scan(&v, &e.Kind, &e.At, &e.By, &e.DocumentID, &e.Name, &e.Size)
	if errors.Is(err, pgx.ErrNoRows) {
		return ProcessorEvent{}, domain.NotFound("there is no such agreement").WithCode("dpo.processor.agreement_not_found")
	}
	if err != nil {
		return ProcessorEvent{}, fmt.Errorf("dpo: processor agreement: %w", err)
	}
	e.Version = uint64(v)
	return e, nil
}
