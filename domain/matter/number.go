package matter

import (
	"fmt"
	"strconv"
	"strings"

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
// numbers are reserved, and to which matters. Its zero value is a year
// with no number reserved.
type Numbering struct {
	applied  uint64
	byMatter map[string]string // matter ID → its number
}

// Apply evolves the numbering by one event of its stream, in order.
func (n *Numbering) Apply(ev domain.Event) {
	n.applied++
	if e, ok := ev.(MatterNumberReserved); ok {
		if n.byMatter == nil {
			n.byMatter = map[string]string{}
		}
		n.byMatter[e.MatterID] = e.Number
	}
}

// Reserved is how many events the stream holds: the next reservation
// appends after version Reserved()-1 (or to no stream when it is 0).
func (n *Numbering) Reserved() uint64 { return n.applied }

// Reserve decides the number of matterID in year: the number the matter
// already holds (a retry; no events), or the next one.
func (n *Numbering) Reserve(year int, matterID string) (string, []domain.Event) {
	if number, ok := n.byMatter[matterID]; ok {
		return number, nil
	}
	number := FormatNumber(year, n.applied+1)
	return number, []domain.Event{MatterNumberReserved{Year: year, Number: number, MatterID: matterID}}
}
