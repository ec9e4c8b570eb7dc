package audit

import (
	"errors"
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// Special categories (art. 9, 10) in the history: to a reader whose role
// may not read them — neither access.SensitiveRead (a lawyer) nor the
// DPO's access.GDPRManage, who answers for them — the events of an entry of the
// communication log that is marked now keep their who, when and what but
// not their content — its subject line and note — as an event behind a
// wall does; so do the markings themselves, documents' and entries',
// whose categories are what they protect.

// withMarked notes in w the log entries among events marked as special
// categories now, unless the reader may read those. Each entry's marking
// is its own stream's last event (domaindpo.EntrySpecialStreamName).
func (s *Handlers) withMarked(r *http.Request, w *auditWalls, events []history.Event) error {
	if p, ok := web.PrincipalOf(r.Context()); ok && (p.Can(access.SensitiveRead) || p.Can(access.GDPRManage)) {
		return nil
	}
	w.sensitiveHidden = true
	w.marked = map[string]bool{}
	for _, e := range events {
		id, ok := strings.CutPrefix(e.Stream, communication.StreamName(""))
		if !ok {
			continue
		}
		if _, seen := w.marked[id]; seen {
			continue
		}
		marking, err := s.deps.History.Read(r.Context(), domaindpo.EntrySpecialStreamName(id), history.Cutoff{}, false)
		if err != nil && !errors.Is(err, history.ErrNoStream) {
			return err
		}
		w.marked[id] = false
		if n := len(marking); n > 0 {
			last, ok := marking[n-1].Event.(domaindpo.CommunicationSpecialMarked)
			w.marked[id] = ok && last.Marked()
		}
	}
	return nil
}

// withholdsSpecial reports an event whose content w withholds: one of an
// entry marked now, or a marking.
func (w auditWalls) withholdsSpecial(e history.Event) bool {
	if !w.sensitiveHidden {
		return false
	}
	switch e.Type {
	case domaindpo.TypeSpecialCategoryMarked, domaindpo.TypeCommunicationSpecialMarked:
		return true
	}
	id, ok := strings.CutPrefix(e.Stream, communication.StreamName(""))
	return ok && w.marked[id]
}
