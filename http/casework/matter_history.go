package casework

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// historyRow is one event of a matter's history: who, when, what.
type historyRow struct {
	At    time.Time
	Who   string
	What  string // catalogue key of the event type
	Facts []historyFact
}

// historyFact is one thing an event changed, already in words.
type historyFact struct {
	Label string // catalogue key
	Value string
}

// loadHistory fills the history tab from the read model's structured
// summaries: IDs become names (contacts through the walls), statuses,
// roles and decisions become words. It never shows text the event held.
func (s *Handlers) loadHistory(r *http.Request, page *matterPage, names map[string]string) ([]string, error) {
	changes, err := s.deps.MatterReads.History(r.Context(), page.Matter.ID)
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	var shownIDs []string
	for _, c := range changes {
		row := historyRow{At: c.OccurredAt, Who: names[c.Actor], What: "history.event." + web.Snake(strings.TrimPrefix(c.Type, "matter."))}
		keys := make([]string, 0, len(c.Summary))
		for k := range c.Summary {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fact, ids, err := s.historyFact(r, lang, k, c.Summary[k], names)
			if err != nil {
				return nil, err
			}
			if fact.Label != "" {
				row.Facts, shownIDs = append(row.Facts, fact), append(shownIDs, ids...)
			}
		}
		page.History = append(page.History, row)
	}
	return shownIDs, nil
}

// historyFact says one summary entry in words; IDs of parties, checks and
// notes are left out, they mean nothing to a reader.
func (s *Handlers) historyFact(r *http.Request, lang i18n.Lang, key string, v any, names map[string]string) (historyFact, []string, error) {
	label := "history.field." + key
	switch key {
	case "party_id", "check_id", "note_id", "position":
		return historyFact{}, nil, nil
	case "contact_id":
		refs, err := s.ContactRefs(r, []string{fmt.Sprint(v)})
		if err != nil || len(refs) == 0 {
			return historyFact{}, nil, err
		}
		return historyFact{Label: label, Value: refName(lang, refs[0])}, web.Shown(refs), nil
	case "responsible_lawyer", "staff_id", "previous_staff_id", "decided_by":
		return historyFact{Label: label, Value: names[fmt.Sprint(v)]}, nil, nil
	case "members":
		return historyFact{Label: label, Value: joinNames(v, names)}, nil, nil
	case "status":
		return historyFact{Label: label, Value: i18n.T(lang, "matters.status."+fmt.Sprint(v))}, nil, nil
	case "role", "previous_role":
		return historyFact{Label: label, Value: i18n.T(lang, "matters.role."+fmt.Sprint(v))}, nil, nil
	case "decision":
		return historyFact{Label: label, Value: i18n.T(lang, "matters.decision."+fmt.Sprint(v))}, nil, nil
	case "changed":
		return historyFact{Label: label, Value: joinKeys(lang, v, "history.field.")}, nil, nil
	case "erased":
		return historyFact{Label: label, Value: i18n.T(lang, "common.yes")}, nil, nil
	}
	return historyFact{Label: label, Value: listText(v)}, nil, nil
}

func refName(lang i18n.Lang, c web.ContactRef) string {
	switch {
	case c.Hidden:
		return i18n.T(lang, "casework.hidden_contact")
	case c.Erased:
		return i18n.T(lang, "contact.erased.name")
	}
	return c.Name
}

func joinNames(v any, names map[string]string) string {
	var out []string
	for _, id := range listOf(v) {
		out = append(out, names[id])
	}
	return strings.Join(out, ", ")
}

func joinKeys(lang i18n.Lang, v any, prefix string) string {
	var out []string
	for _, k := range listOf(v) {
		out = append(out, i18n.T(lang, prefix+k))
	}
	return strings.Join(out, ", ")
}

func listText(v any) string { return strings.Join(listOf(v), ", ") }

// listOf reads a summary value that may be a list or one value.
func listOf(v any) []string {
	items, ok := v.([]any)
	if !ok {
		if v == nil {
			return nil
		}
		return []string{fmt.Sprint(v)}
	}
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = fmt.Sprint(x)
	}
	return out
}
