package audit

import (
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/catalogue"
)

// TestEveryEventTypeHasASwedishLabel: every event type the codec
// registers (internal/catalogue, what `klient` is built from) has words
// in the catalogue, in Swedish and English, and the trail's "what"
// filter offers exactly those types; every access action has words for
// the reads (issue 12: "Vad: audit.view" is not for people).
func TestEveryEventTypeHasASwedishLabel(t *testing.T) {
	t.Parallel()
	var registered, offered []string
	for _, e := range catalogue.Events() {
		typ := e.EventType()
		registered = append(registered, typ)
		for _, lang := range web.Langs() {
			if name := eventName(lang, typ); name == typ || name == "" {
				t.Errorf("%s has no %s label", typ, lang)
			}
		}
	}
	for _, g := range kindGroups(i18n.Swedish, "")[:len(changeAreas)] {
		for _, k := range g.Kinds {
			offered = append(offered, k.Value)
		}
	}
	slices.Sort(registered)
	slices.Sort(offered)
	if !slices.Equal(registered, offered) {
		t.Errorf("the filter offers %v,\nthe codec registers %v", offered, registered)
	}
	for _, a := range access.Actions {
		if !i18n.Has(web.ActionKey(a)) {
			t.Errorf("the action %s has no words (%s)", a, web.ActionKey(a))
		}
	}
}
