package audit

import (
	"cmp"
	"slices"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// kindGroup is one group of the trail's "what" filter: the changes of one
// area, or the reads, each in words.
type kindGroup struct {
	Label string // catalogue key
	Kinds []kindChoice
}

// kindChoice is one event type or access action, in words.
type kindChoice struct {
	Value, Label string
	Selected     bool
}

// changeAreas are the log's event types by area, as the codec registers
// them (internal/catalogue.Events; a test holds the two lists equal).
var changeAreas = []struct {
	label  string
	events []domain.Event
}{
	{"audit.kinds.contacts", contact.Events()},
	{"audit.kinds.matters", matter.Events()},
	{"audit.kinds.work", work.Events()},
	{"audit.kinds.communications", communication.Events()},
	{"audit.kinds.gdpr", gdpr.Events()},
	{"audit.kinds.access", access.Events()},
	{"audit.kinds.registers", dpo.Events()},
	{"audit.kinds.cdd", cdd.Events()},
}

// kindGroups are the choices of the "what" filter, selected the one
// chosen: changes by area, then the reads, each sorted by its words.
func kindGroups(lang i18n.Lang, chosen string) []kindGroup {
	var out []kindGroup
	for _, area := range changeAreas {
		g := kindGroup{Label: area.label}
		for _, e := range area.events {
			t := e.EventType()
			g.Kinds = append(g.Kinds, kindChoice{Value: t, Label: eventName(lang, t), Selected: t == chosen})
		}
		out = append(out, sorted(g))
	}
	reads := kindGroup{Label: "audit.kinds.reads"}
	for _, a := range access.Actions {
		reads.Kinds = append(reads.Kinds, kindChoice{Value: string(a), Label: web.AccessWords(lang, a, ""),
			Selected: string(a) == chosen})
	}
	return append(out, sorted(reads))
}

func sorted(g kindGroup) kindGroup {
	slices.SortFunc(g.Kinds, func(a, b kindChoice) int {
		return cmp.Or(strings.Compare(a.Label, b.Label), strings.Compare(a.Value, b.Value))
	})
	return g
}

// eventName is an event type in words: a matter's as its history tab
// names it (history.event.*), every other as audit.event.*; a type the
// catalogue lacks (a test refuses one) shows as stored.
func eventName(lang i18n.Lang, typ string) string {
	_, name, _ := strings.Cut(typ, ".")
	key := "audit.event." + web.Snake(name)
	if strings.HasPrefix(typ, "matter.") && i18n.Has("history.event."+web.Snake(name)) {
		key = "history.event." + web.Snake(name)
	}
	if i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return typ
}
