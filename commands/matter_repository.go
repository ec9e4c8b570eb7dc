package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// MatterConfig is what a firm configures of its matters.
type MatterConfig struct {
	// PracticeAreas is the firm's list; empty means
	// matter.DefaultPracticeAreas.
	PracticeAreas []string
	// Location is the firm's calendar: a matter opened on New Year's Eve
	// in Stockholm takes the old year's number. Default Europe/Stockholm.
	Location *time.Location
}

// Matters is the repository of matter aggregates that every matter
// command handler shares. It also reads the contacts and staff members a
// matter names, to check they exist, and keeps the numbering streams.
type Matters struct {
	journal
	areas    matter.PracticeAreas
	location *time.Location
	numbers  *numbering
}

// NewMatters returns the repository. The codec must have matter.Events(),
// contact.Events() and access.Events() registered; clock is the only
// source of "now".
func NewMatters(store EventStore, codec EventCodec, clock func() time.Time, cfg MatterConfig) (*Matters, error) {
	j, err := newJournal("NewMatters", store, codec, clock)
	if err != nil {
		return nil, err
	}
	var areas matter.PracticeAreas
	if len(cfg.PracticeAreas) > 0 {
		if areas, err = matter.NewPracticeAreas(cfg.PracticeAreas); err != nil {
			return nil, fmt.Errorf("commands.NewMatters: %w", err)
		}
	}
	loc := cfg.Location
	if loc == nil {
		if loc, err = time.LoadLocation("Europe/Stockholm"); err != nil {
			return nil, fmt.Errorf("commands.NewMatters: no time zone data for Europe/Stockholm; set MatterConfig.Location: %w", err)
		}
	}
	return &Matters{journal: j, areas: areas, location: loc, numbers: newNumbering()}, nil
}

// PracticeAreas lists the configured practice areas, for forms.
func (r *Matters) PracticeAreas() []string { return r.areas.List() }

// MatterResult tells the caller where a command left the matter.
type MatterResult struct {
	MatterID string              // canonical UUID, chosen by the handler when an opening named none
	Number   string              // YYYY-NNNN; set by OpenMatter only
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for the matters projection to pass it (read-your-writes)
}

// matterChangedMeanwhile is the catalogue code of a stale view of a matter.
const matterChangedMeanwhile = "matter.changed_meanwhile"

func matterStream(id string) stream {
	return stream{name: matter.StreamName(id), staleCode: matterChangedMeanwhile}
}

// loader rebuilds matter id. Only the matter's own key makes it erased: a
// party's erasure blanks that party's note and nothing else.
func (r *Matters) loader(id string) loader[*matter.Matter] {
	return func(ctx context.Context) (*matter.Matter, span, error) {
		m := new(matter.Matter)
		sp, err := r.replay(ctx, matter.StreamName(id), matter.Subject(id), func(ev domain.Event, erased bool) {
			if erased {
				m.ApplyErased(ev)
			} else {
				m.Apply(ev)
			}
		})
		return m, sp, err
	}
}

// change runs a decision on the existing matter rawID that the caller last
// saw at version expected.
func (r *Matters) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*matter.Matter]) (MatterResult, error) {
	if err := actor.check(); err != nil {
		return MatterResult{}, err
	}
	id, err := existingMatterID(rawID)
	if err != nil {
		return MatterResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, matterStream(id), expected, r.loader(id), decide)
	return matterResult(id, p, err)
}

func matterResult(id string, p placed, err error) (MatterResult, error) {
	if err != nil {
		return MatterResult{}, err
	}
	return MatterResult{MatterID: id, Version: p.version, Position: p.position}, nil
}

func existingMatterID(id string) (string, error) {
	return existingID(id, domain.NotFound("there is no such matter").WithCode("matter.not_found"))
}

// requireMatters is the nil check every matter handler constructor shares.
func requireMatters(handler string, matters *Matters) error {
	if matters == nil {
		return errors.New("commands." + handler + ": matters repository is required")
	}
	return nil
}
