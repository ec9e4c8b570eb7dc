package eventstore

import "fmt"

// Position is a place in the global log. EventStoreDB positions are a
// (commit, prepare) pair; the PostgreSQL adapter uses (transaction ID,
// sequence). Both order lexicographically. The zero Position is "before the
// first event".
type Position struct {
	Commit  uint64
	Prepare uint64
}

// Start is the position before the first event of the log.
var Start = Position{}

// Less reports whether p comes before q.
func (p Position) Less(q Position) bool {
	if p.Commit != q.Commit {
		return p.Commit < q.Commit
	}
	return p.Prepare < q.Prepare
}

// AtLeast reports whether p is q or later.
func (p Position) AtLeast(q Position) bool { return !p.Less(q) }

func (p Position) String() string { return fmt.Sprintf("%d/%d", p.Commit, p.Prepare) }
