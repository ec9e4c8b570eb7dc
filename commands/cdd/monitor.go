package cdd

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/eventstore"
)

// MonitoringActor is who a monitoring run's screenings are recorded by:
// no person, the job that runs after a list's import (the record's page
// says so in words).
var MonitoringActor = journal.Actor{ID: "cdd-monitoring"}

// ManyScreener screens many groups of names at once against the latest
// list (projections/cdd's Lists).
type ManyScreener interface {
	Latest(ctx context.Context) (domaincdd.ListInfo, bool, error)
	ScreenMany(ctx context.Context, groups [][]string) (domaincdd.Screening, error)
}

// MonitoringRuns claims a list's run once across instances, records its
// end, and names the records to screen: those of matters taken in or open
// (projections/cdd's Runs).
type MonitoringRuns interface {
	Claim(ctx context.Context, listID string, now time.Time) (bool, error)
	Finish(ctx context.Context, listID string, now time.Time, screened, newHits int, failed string) error
	Monitored(ctx context.Context) ([]string, error)
}

// MonitorResult is what a run did.
type MonitorResult struct {
	List     domaincdd.ListInfo
	Screened int // records whose names were screened
	NewHits  int // records given a new screening: a hit their latest screening had not
	// Position is where the last screening written is in the log (zero:
	// none written), for a caller that waits for the read models.
	Position eventstore.Position
}

// MonitorHandler screens every active record again when a new sanctions
// list is imported (issue 17's monitoring).
type MonitorHandler struct {
	records  *Records
	screener ManyScreener
	runs     MonitoringRuns
}

// NewMonitorHandler returns the handler.
func NewMonitorHandler(records *Records, screener ManyScreener, runs MonitoringRuns) (*MonitorHandler, error) {
	if err := requireRecords("NewMonitorHandler", records); err != nil {
		return nil, err
	}
	if screener == nil || runs == nil {
		return nil, errors.New("commands.NewMonitorHandler: a screener and the runs are required")
	}
	return &MonitorHandler{records: records, screener: screener, runs: runs}, nil
}

// RunPending runs the latest list's monitoring unless it ran, or runs on
// another instance: ran says whether this call did. Every instance calls
// it now and then (klient serve), so a list imported anywhere is
// monitored once, and again an hour after a run that stopped half-way.
func (h *MonitorHandler) RunPending(ctx context.Context) (res MonitorResult, ran bool, err error) {
	list, found, err := h.screener.Latest(ctx)
	if err != nil || !found {
		return MonitorResult{}, false, err
	}
	claimed, err := h.runs.Claim(ctx, list.ID, h.records.journal.Now())
	if err != nil || !claimed {
		return MonitorResult{}, false, err
	}
	res, err = h.Run(ctx)
	failed := ""
	if err != nil {
		failed = "cdd.monitoring.failed"
		var de *domain.Error
		if errors.As(err, &de) && de.Code != "" {
			failed = de.Code
		}
	}
	if ferr := h.runs.Finish(context.WithoutCancel(ctx), list.ID, h.records.journal.Now(), res.Screened, res.NewHits, failed); ferr != nil {
		return res, true, errors.Join(err, ferr)
	}
	return res, true, err
}

// Run screens every active record's names (the client's as its contact
// holds them now, the beneficial owners') against the latest list in one
// pass, and records a screening on each record whose hits include an
// entry its latest screening had not: the hits to review appear on the
// responsible lawyer's and the officer's start pages, and the record is
// undecided until they are reviewed and it is decided again. A record
// without new hits gets nothing: its reviews stand, and the run's row
// says it was screened against the list. A record or client erased, or
// changed while it ran, is left to the next run (and to its lawyer's next
// screening).
func (h *MonitorHandler) Run(ctx context.Context) (MonitorResult, error) {
	ids, err := h.runs.Monitored(ctx)
	if err != nil {
		return MonitorResult{}, err
	}
	type screened struct {
		id      string
		version uint64
		known   []string // entry IDs of the latest screening's hits
	}
	var recs []screened
	var groups [][]string
	for _, id := range ids {
		rec, _, err := h.records.load(ctx, id)
		if err != nil {
			return MonitorResult{}, err
		}
		if !rec.Exists() || rec.Erased() {
			continue
		}
		names, err := h.records.names(ctx, rec)
		if domain.IsKind(err, domain.KindErased) {
			continue
		}
		if err != nil {
			return MonitorResult{}, err
		}
		var known []string
		if s := rec.View().Screening; s != nil {
			for _, hit := range s.Hits {
				known = append(known, hit.EntryID)
			}
		}
		recs, groups = append(recs, screened{id: id, version: rec.Version(), known: known}), append(groups, names)
	}
	res := MonitorResult{}
	if len(groups) == 0 {
		res.List, _, err = h.screener.Latest(ctx)
		return res, err
	}
	s, err := h.screener.ScreenMany(ctx, groups)
	if err != nil {
		return MonitorResult{}, journal.AsDomainError(err)
	}
	res.List, res.Screened = s.List, len(recs)
	for i, rec := range recs {
		hits := s.Hits[i]
		if !slices.ContainsFunc(hits, func(x domaincdd.SanctionsHit) bool { return !slices.Contains(rec.known, x.EntryID) }) {
			continue
		}
		written, err := h.records.change(ctx, MonitoringActor, rec.id, rec.version, func(r *domaincdd.Record, now time.Time) ([]domain.Event, error) {
			return r.Screen(domaincdd.SanctionsScreened{ListID: s.List.ID, ListVersion: s.List.Version, ListDate: s.List.GeneratedAt,
				Hits: hits, ScreenedAt: now, ScreenedBy: MonitoringActor.ID})
		})
		switch {
		case err == nil:
			res.NewHits, res.Position = res.NewHits+1, written.Position
		case domain.IsKind(err, domain.KindConflict), domain.IsKind(err, domain.KindErased):
			// changed or erased meanwhile: the lawyer is at it; the next run or screening sees it
		default:
			return res, err
		}
	}
	return res, nil
}
