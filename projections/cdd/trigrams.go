package cdd

import (
	"math"
	"slices"
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

// index is a list's names by trigram. The similarity of two names is
// pg_trgm's: shared trigrams over the union's. A probe is compared only
// with the names holding one of its rarest trigrams (prefix filtering: a
// name sharing at least NameThreshold of the probe's trigrams must share
// one of any len-minShared+1 of them), which keeps the common trigrams'
// long lists ("  a", "an ") out of all but the exact count.
type index struct {
	names    []indexedName
	ids      map[string]int32 // trigram → its number
	postings [][]int32        // trigram number → names holding it
}

type indexedName struct {
	entry int32 // into the entries
	name  string
	tg    []int32 // its trigrams' numbers, sorted
}

func newIndex() *index { return &index{ids: map[string]int32{}} }

func (ix *index) add(entry int32, name, folded string) {
	id := int32(len(ix.names))
	var tg []int32
	for _, t := range trigrams(folded) {
		n, ok := ix.ids[t]
		if !ok {
			n = int32(len(ix.postings))
			ix.ids[t] = n
			ix.postings = append(ix.postings, nil)
		}
		ix.postings[n] = append(ix.postings[n], id)
		tg = append(tg, n)
	}
	slices.Sort(tg)
	ix.names = append(ix.names, indexedName{entry: entry, name: name, tg: tg})
}

// match calls found for each name whose similarity to the probe is at
// least NameThreshold. seen is scratch space of len(ix.names), all false
// on entry and on return.
func (ix *index) match(folded string, seen []bool, found func(n indexedName, score float64)) {
	words := trigrams(folded)
	a := len(words)
	if a == 0 {
		return
	}
	var known []int32 // the probe's trigrams the list has; the others can be shared by no name
	for _, t := range words {
		if n, ok := ix.ids[t]; ok {
			known = append(known, n)
		}
	}
	minShared := int(math.Ceil(NameThreshold*float64(a) - 1e-9))
	prefix := a - minShared + 1 - (a - len(known)) // the unknown trigrams come first, rarest of all
	if prefix <= 0 {
		return
	}
	slices.SortFunc(known, func(x, y int32) int { return len(ix.postings[x]) - len(ix.postings[y]) })
	probe := slices.Sorted(slices.Values(known))
	var touched []int32
	for _, t := range known[:min(prefix, len(known))] {
		for _, id := range ix.postings[t] {
			if !seen[id] {
				seen[id] = true
				touched = append(touched, id)
			}
		}
	}
	for _, id := range touched {
		seen[id] = false
		n := ix.names[id]
		b := len(n.tg)
		if float64(b) < NameThreshold*float64(a)-1e-9 || float64(b)*NameThreshold > float64(a)+1e-9 {
			continue // too short or too long to reach the threshold
		}
		c := shared(probe, n.tg)
		if s := float64(c) / float64(a+b-c); s >= NameThreshold {
			found(n, s)
		}
	}
}

// shared counts the numbers two sorted lists have in common.
func shared(x, y []int32) int {
	c := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] == y[j]:
			c, i, j = c+1, i+1, j+1
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return c
}
