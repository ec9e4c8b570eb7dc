package matter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
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
	// DueDiligenceAreas are the practice areas whose matters open only
	// with an approved due-diligence record (lag (2017:630); the firm
	// decides which of its services the act covers); "*" is every area.
	// Empty: no area (activation asks only for the conflict check).
	DueDiligenceAreas []string
}

// Matters is the repository of matter aggregates that every matter
// command handler shares. It also reads the contacts and staff members a
// matter names, to check they exist, and keeps the numbering streams.
type Matters struct {
	journal  journal.Journal
	areas    domainmatter.PracticeAreas
	location *time.Location
	numbers  *numbering
	cddAreas []string // practice areas needing due diligence, as configured ("*": all)
}

// NewMatters returns the repository. The codec must have matter.Events(),
// contact.Events() and access.Events() registered; clock is the only
// source of "now".
func NewMatters(store journal.EventStore, codec journal.EventCodec, clock func() time.Time, cfg MatterConfig) (*Matters, error) {
	j, err := journal.New("NewMatters", store, codec, clock)
	if err != nil {
		return nil, err
	}
	var areas domainmatter.PracticeAreas
	if len(cfg.PracticeAreas) > 0 {
		if areas, err = domainmatter.NewPracticeAreas(cfg.PracticeAreas); err != nil {
			return nil, fmt.Errorf("commands.NewMatters: %w", err)
		}
	}
	loc := cfg.Location
	if loc == nil {
		if loc, err = time.LoadLocation("Europe/Stockholm"); err != nil {
			return nil, fmt.Errorf("commands.NewMatters: no time zone data for Europe/Stockholm; set MatterConfig.Location: %w", err)
		}
	}
	for _, a := range cfg.DueDiligenceAreas {
		if a == "*" {
			continue
		}
		if !slices.ContainsFunc(areas.List(), func(b string) bool { return strings.EqualFold(strings.TrimSpace(a), b) }) {
			return nil, fmt.Errorf("commands.NewMatters: the due-diligence area %q is not a practice area", a)
		}
	}
	return &Matters{journal: j, areas: areas, location: loc, numbers: newNumbering(), cddAreas: cfg.DueDiligenceAreas}, nil
}

// NeedsDueDiligence reports whether a matter of practice area opens only
// with an approved due-diligence record.
func (r *Matters) NeedsDueDiligence(area string) bool {
	return slices.ContainsFunc(r.cddAreas, func(a string) bool { return a == "*" || strings.EqualFold(strings.TrimSpace(a), area) })
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

func matterStream(id string) journal.Stream {
	return journal.Stream{Name: domainmatter.StreamName(id), StaleCode: matterChangedMeanwhile}
}

// Load rebuilds matter id from its stream in j. Only the matter's own key
// makes it erased: a party's erasure blanks that party's note and nothing
// else. Other contexts read a matter with it (a due-diligence record's
// matter and client), from its stream rather than a lagging read model.
func Load(ctx context.Context, j *journal.Journal, id string) (*domainmatter.Matter, journal.Span, error) {
	m := new(domainmatter.Matter)
	sp, err := j.Replay(ctx, domainmatter.StreamName(id), domainmatter.Subject(id), journal.Applier(m))
	return m, sp, err
}

// loader binds Load to one matter for the shared command flows.
func (r *Matters) loader(id string) journal.Loader[*domainmatter.Matter] {
	return func(ctx context.Context) (*domainmatter.Matter, journal.Span, error) {
		return Load(ctx, &r.journal, id)
	}
}

// change runs a decision on the existing matter rawID that the caller last
// saw at version expected.
func (r *Matters) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domainmatter.Matter]) (MatterResult, error) {
	if err := actor.Check(); err != nil {
		return MatterResult{}, err
	}
	id, err := existingMatterID(rawID)
	if err != nil {
		return MatterResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, matterStream(id), expected, r.loader(id), decide)
	return matterResult(id, p, err)
}

func matterResult(id string, p journal.Placed, err error) (MatterResult, error) {
	if err != nil {
		return MatterResult{}, err
	}
	return MatterResult{MatterID: id, Version: p.Version, Position: p.Position}, nil
}

func existingMatterID(id string) (string, error) {
	return journal.ExistingID(id, domain.NotFound("there is no such matter").WithCode("matter.not_found"))
}

// requireMatters is the nil check every matter handler constructor shares.
func requireMatters(handler string, matters *Matters) error {
	if matters == nil {
		return errors.New("commands." + handler + ": matters repository is required")
	}
	return nil
}
