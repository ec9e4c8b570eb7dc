package cdd

import (
	"strings"
	"unicode"
)

// NameThreshold is the least similarity of a name and a listed name that
// is a hit: the conflict check's (conflicts.NameThreshold), so that
// "Ivan Petrov", "Petrov Ivan" and "Ivan Petrow" meet as they meet there.
const NameThreshold = 0.6

// trigrams are a folded name's trigrams as pg_trgm makes them: each word
// (a run of letters and digits) padded with two spaces before and one
// after, every three consecutive runes once.
func trigrams(folded string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune("  " + w + " ")
		for i := 0; i+3 <= len(rs); i++ {
			t := string(rs[i : i+3])
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// index is a list's names by trigram, for the similarity of one probe to
// every name that shares one with it.
type index struct {
	names    []indexedName
	postings map[string][]int32 // trigram → names holding it
}

type indexedName struct {
	entry int32 // into the entries
	name  string
	count int // its trigrams
}

func newIndex() *index { return &index{postings: map[string][]int32{}} }

func (ix *index) add(entry int32, name, folded string) {
	tg := trigrams(folded)
	id := int32(len(ix.names))
	ix.names = append(ix.names, indexedName{entry: entry, name: name, count: len(tg)})
	for _, t := range tg {
		ix.postings[t] = append(ix.postings[t], id)
	}
}

// match calls found for each name whose similarity to the probe (shared
// trigrams over the union's) is at least NameThreshold. shared is scratch
// space of len(ix.names), zero on entry and on return.
func (ix *index) match(folded string, shared []int32, found func(n indexedName, score float64)) {
	tg := trigrams(folded)
	if len(tg) == 0 {
		return
	}
	var touched []int32
	for _, t := range tg {
		for _, id := range ix.postings[t] {
			if shared[id] == 0 {
				touched = append(touched, id)
			}
			shared[id]++
		}
	}
	for _, id := range touched {
		n := ix.names[id]
		s := float64(shared[id]) / float64(len(tg)+n.count-int(shared[id]))
		shared[id] = 0
		if s >= NameThreshold {
			found(n, s)
		}
	}
}
