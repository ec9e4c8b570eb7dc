package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
)

// Snake writes an event type's name as a catalogue key: PartyAdded is
// party_added.
func Snake(name string) string {
	var b strings.Builder
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

func Uitoa(v uint64) string { return strconv.FormatUint(v, 10) }

// StaffNames maps staff IDs to names, for lists that name who did what.
func (s *Kit) StaffNames(r *http.Request) (map[string]string, error) {
	members, err := s.deps.Staff.List(r.Context())
	names := make(map[string]string, len(members))
	for _, m := range members {
		names[m.ID] = m.Name
	}
	return names, err
}

// ParseDay reads a date typed in Stockholm time; empty is the zero time.
func ParseDay(v string) (time.Time, bool) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), i18n.Stockholm)
	return t, err == nil
}
