package matter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// NumberingStream is the stream that reserves the matter numbers of year.
func NumberingStream(year int) string { return fmt.Sprintf("matter-numbers-%04d", year) }

// FormatNumber writes the seq-th number of year: YYYY-NNNN, growing past
// four digits after 9999.
func FormatNumber(year int, seq uint64) string { return fmt.Sprintf("%04d-%04d", year, seq) }

// ParseNumber reads a number as FormatNumber writes it.
func ParseNumber(s string) (year int, seq uint64, err error) {
	y, n, ok := strings.Cut(strings.TrimSpace(s), "-")
	year, yErr := strconv.Atoi(y)
	seq, nErr := strconv.ParseUint(n, 10, 64)
	if !ok || len(y) != 4 || len(n) < 4 || yErr != nil || nErr != nil || seq == 0 {
		return 0, 0, domain.Invalid("number", "a matter number is written YYYY-NNNN").WithCode("matter.number.format")
	}
	return year, seq, nil
}

// Numbering is the aggregate of one year's numbering stream: which
// numbers are reserved, to which matters, when, and which were voided. Its
// zero value is a year with no number reserved.
type Numbering struct {
	applied      uint64 // events of the stream
	reservations []Reservation
	byMatter     map[string]int // matter ID → index in reservations of its live number
}

// Reservation is one reserved number.
type Reservation struct {
	Number   string
	MatterID string
	At       time.Time // when the store recorded it
	Voided   bool
}

// Apply evolves the numbering by one event of its stream, in order.
func (n *Numbering) Apply(ev domain.Event) { n.ApplyAt(ev, time.Time{}) }

// ApplyAt is Apply for an event the store recorded at at.
func (n *Numbering) ApplyAt(ev domain.Event, at time.Time) {
	n.applied++
	if n.byMatter == nil {
		n.byMatter = map[string]int{}
	}
	switch e := ev.(type) {
	case MatterNumberReserved:
		n.reservations = append(n.reservations, Reservation{Number: e.Number, MatterID: e.MatterID, At: at})
		n.byMatter[e.MatterID] = len(n.reservations) - 1
	case MatterNumberVoided:
		for i := range n.reservations {
			if n.reservations[i].Number == e.Number {
				n.reservations[i].Voided = true
			}
		}
		if i, ok := n.byMatter[e.MatterID]; ok && n.reservations[i].Number == e.Number {
			delete(n.byMatter, e.MatterID)
		}
	}
}

// Reserved is how many events the stream holds: the next append goes
// after version Reserved()-1 (or to no stream when it is 0).
func (n *Numbering) Reserved() uint64 { return n.applied }

// Reserve decides the number of matterID in year: the number the matter
// already holds (a retry; no events), or the next one. A voided number is
// never given again.
func (n *Numbering) Reserve(year int, matterID string) (string, []domain.Event) {
	if i, ok := n.byMatter[matterID]; ok {
		return n.reservations[i].Number, nil
	}
	number := FormatNumber(year, uint64(len(n.reservations))+1)
	return number, []domain.Event{MatterNumberReserved{Year: year, Number: number, MatterID: matterID}}
}

// Unconfirmed are the last (at most) of the live reservations, recorded
// before since, for the caller to ask whether their matters were opened.
func (n *Numbering) Unconfirmed(last int, since time.Time) []Reservation {
	var out []Reservation
	for i := len(n.reservations) - 1; i >= 0 && len(n.reservations)-i <= last; i-- {
		if r := n.reservations[i]; !r.Voided && r.At.Before(since) {
			out = append(out, r)
		}
	}
	return out
}

// Void accounts for r's number: its matter was never opened.
func (n *Numbering) Void(year int, r Reservation) domain.Event {
	return MatterNumberVoided{Year: year, Number: r.Number, MatterID: r.MatterID}
}
