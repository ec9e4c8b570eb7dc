package cdd

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/contact"
)

// ListStore keeps an imported list's entries (projections/cdd's Lists).
type ListStore interface {
	Import(ctx context.Context, listID string, list domaincdd.SanctionsList, by string, now time.Time) (domaincdd.ListInfo, error)
}

// Screener screens names against the latest imported list
// (projections/cdd's Lists): the list's date and version, and the hits.
type Screener interface {
	Screen(ctx context.Context, names []string) (domaincdd.ListInfo, []domaincdd.SanctionsHit, error)
}

// ImportList imports a sanctions list file (the EU consolidated list's
// XML). The list's ID is derived from the file's bytes, so the same file
// imported twice is one list.
type ImportList struct {
	Actor journal.Actor
	File  []byte
}

// ScreenRecord screens matter MatterID's record (the client's name, and an
// organisation's beneficial owners') against the latest list.
type ScreenRecord struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
}

// SanctionsHandler handles ImportList and ScreenRecord.
type SanctionsHandler struct {
	records  *Records
	lists    ListStore
	screener Screener
}

// NewSanctionsHandler returns the handler.
func NewSanctionsHandler(records *Records, lists ListStore, screener Screener) (*SanctionsHandler, error) {
	if err := requireRecords("NewSanctionsHandler", records); err != nil {
		return nil, err
	}
	if lists == nil || screener == nil {
		return nil, errors.New("commands.NewSanctionsHandler: a list store and a screener are required")
	}
	return &SanctionsHandler{records: records, lists: lists, screener: screener}, nil
}

// listNamespace is the UUIDv5 namespace of lists' IDs.
var listNamespace = uuid.MustParse("5f0c1d2e-8a47-4b8e-9d43-2f6a1c0b7e51")

// HandleImport parses the file, refusing what is not the EU list's XML or
// lists no one (nothing kept), keeps the list and records its import. The
// entries are kept before the event is appended: a list whose event was
// lost is still screened against, and importing the file again records it.
func (h *SanctionsHandler) HandleImport(ctx context.Context, cmd ImportList) (domaincdd.ListInfo, error) {
	if err := cmd.Actor.Check(); err != nil {
		return domaincdd.ListInfo{}, err
	}
	list, err := domaincdd.ParseSanctionsList(bytes.NewReader(cmd.File))
	if err != nil {
		return domaincdd.ListInfo{}, err
	}
	sum := sha256.Sum256(cmd.File)
	id := uuid.NewSHA1(listNamespace, sum[:]).String()
	info, err := h.lists.Import(ctx, id, list, cmd.Actor.ID, h.records.journal.Now())
	if err != nil {
		return domaincdd.ListInfo{}, journal.AsDomainError(err)
	}
	s := journal.Stream{Name: domaincdd.ListStreamName(id), StaleCode: "cdd.list.changed_meanwhile"}
	load := func(ctx context.Context) (bool, journal.Span, error) {
		sp, err := h.records.journal.Replay(ctx, s.Name, "", func(domain.Event, bool) {})
		return sp.Found, sp, err
	}
	_, err = journal.RegisterOn(ctx, &h.records.journal, cmd.Actor, s, load, func(imported bool, _ time.Time) ([]domain.Event, error) {
		if imported {
			return nil, nil
		}
		return []domain.Event{domaincdd.SanctionsListImported{ListID: id, Version: info.Version, GeneratedAt: info.GeneratedAt,
			Entries: info.Entries, ImportedBy: cmd.Actor.ID}}, nil
	})
	return info, err
}

// HandleScreen screens the record and records the result with the list's
// date and version; the same list's same hits again write nothing (the
// reviews stand). The names are those of the record as the change loads
// it: the stream is read once.
func (h *SanctionsHandler) HandleScreen(ctx context.Context, cmd ScreenRecord) (RecordResult, error) {
	return h.records.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(r *domaincdd.Record, now time.Time) ([]domain.Event, error) {
		if !r.Exists() {
			return nil, domaincdd.RecordNotFound()
		}
		names, err := h.records.names(ctx, r)
		if err != nil {
			return nil, err
		}
		list, hits, err := h.screener.Screen(ctx, names)
		if err != nil {
			return nil, journal.AsDomainError(err)
		}
		return r.Screen(domaincdd.SanctionsScreened{ListID: list.ID, ListVersion: list.Version, ListDate: list.GeneratedAt,
			Hits: hits, ScreenedAt: now, ScreenedBy: cmd.Actor.ID})
	})
}

// names are what a record screens: the client's name as its contact
// stream holds it now, and the beneficial owners'.
func (r *Records) names(ctx context.Context, rec *domaincdd.Record) ([]string, error) {
	c, _, err := contactcmd.Load(ctx, &r.journal, rec.ClientID())
	switch {
	case err != nil:
		return nil, err
	case !c.Exists() || c.Erased():
		return nil, domain.Erased("the client's data has been erased").WithCode("cdd.client.erased")
	}
	var names []string
	if c.Kind() == contact.KindOrganisation {
		names = append(names, c.OrganisationDetails().Name)
	} else {
		d := c.PersonDetails()
		names = append(names, strings.TrimSpace(d.GivenName+" "+d.FamilyName))
	}
	for _, o := range rec.Owners() {
		names = append(names, o.Name)
	}
	return names, nil
}
