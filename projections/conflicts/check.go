package conflicts

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/matter"
)

// DB is what Check needs: a *pgxpool.Pool or a pgx.Tx (Begin on a
// transaction opens a savepoint).
type DB interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// PartyProbe is what to look for on behalf of one party.
type PartyProbe = matter.PartyProbe

// Hit is one finding, as the matter records it.
type Hit = matter.ConflictHit

// Input is one conflict check: the parties of a matter, and that matter
// (its own parties are not conflicts with each other's matter).
type Input struct {
	Parties       []PartyProbe
	ExcludeMatter string
	// Depth is how many links a check follows from a contact it found
	// (roles at organisations, parent companies, spouses, …): 0 means
	// DefaultDepth; at most MaxDepth.
	Depth int
}

// How far a check follows links (issue 14): one step by default ("Åsa
// Lindqvist — VD för — Norrsken Bygg AB"), two when the firm asks (the
// parent company of the company she runs).
const (
	DefaultDepth = 1
	MaxDepth     = 2
)

func (in Input) depth() int {
	switch {
	case in.Depth <= 0:
		return DefaultDepth
	case in.Depth > MaxDepth:
		return MaxDepth
	}
	return in.Depth
}

// Tuning of the search.
const (
	// NameThreshold is the least trigram similarity of two folded names
	// that counts as a hit. At 0.6 a misspelt, reordered, middle-named or
	// double-barrelled name is found ("Åsa Lindkvist" and "Åsa Lindqvist"
	// 0.65, "Åsa Öberg" and "Åsa Maria Öberg" 0.63, and "Åsa Öberg-Lind"
	// 0.67), while a shared first or family name alone is not ("Maria
	// Eriksson" and "Anna Eriksson" 0.45): that would bury the real
	// findings in a register of common names.
	NameThreshold = 0.6
	// MaxNameMatches bounds the distinct names one name finds (the most
	// similar); everyone holding them is found.
	MaxNameMatches = 100
	// MaxHits bounds one check's result; a check that finds more needs its
	// inputs narrowed, not a longer list.
	MaxHits = 500
)

// Check searches the index for every party: the same contact, the same
// identity number or e-mail address (exact), or a similar name (folded,
// trigram similarity at least NameThreshold, the MaxNameMatches most
// similar names), each against current and
// former values. A contact found is reported once per matter it is a
// party to (other than ExcludeMatter) with its role there, or once
// without a matter when it is a party to none. The party's own contact
// without a matter is no finding. Hits come strongest first.
func Check(ctx context.Context, db DB, in Input) ([]Hit, error) {
	p := newProbeRows(in.Parties)
	if len(p.kinds) == 0 {
		return nil, nil
	}
	var out []Hit
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		// The threshold of % is a setting; local to this transaction. So is
		// the ban on sequential scans: every table here is reached by an
		// index, but the planner guesses how many names a probe that is
		// still a parameter matches (1%, whatever the threshold) and then
		// prefers to compare every distinct name (≈170 ms over 75,000)
		// to asking their trigram index (≈10 ms).
		if _, err := tx.Exec(ctx, `SELECT set_config('pg_trgm.similarity_threshold', $1, true),
			set_config('enable_seqscan', 'off', true)`, fmt.Sprint(NameThreshold)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, checkSQL, p.probes, p.kinds, p.keys, in.ExcludeMatter, MaxHits, MaxNameMatches)
		if err != nil {
			return err
		}
		if out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Hit, error) { return scanHit(r, in.Parties) }); err != nil {
			return err
		}
		linked, err := followLinks(ctx, tx, out, in)
		out = append(out, linked...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("conflicts: check: %w", err)
	}
	return dropSelf(out), nil
}

// probeRows are the probes as parallel lists for unnest: the index of the
// party, what kind of key, and the key (names are folded by the database).
type probeRows struct {
	probes      []int32
	kinds, keys []string
}

func newProbeRows(parties []PartyProbe) probeRows {
	var p probeRows
	add := func(i int, kind, key string) {
		if key != "" {
			p.probes, p.kinds, p.keys = append(p.probes, int32(i)), append(p.kinds, kind), append(p.keys, key)
		}
	}
	for i, party := range parties {
		add(i, string(matter.MatchContact), party.ContactID)
		for _, n := range party.Names {
			add(i, kindName, strings.TrimSpace(n))
		}
		for _, n := range party.Numbers {
			add(i, kindNumber, numberTerm(n))
		}
		for _, e := range party.Emails {
			add(i, kindEmail, emailTerm(e))
		}
	}
	return p
}

func scanHit(r pgx.CollectableRow, parties []PartyProbe) (Hit, error) {
	var h Hit
	var probe int32
	var role, kind string
	err := r.Scan(&probe, &h.ContactID, &h.MatterID, &h.MatterNumber, &role, &kind, &h.Score)
	h.ProbeContactID, h.Role, h.Kind = parties[probe].ContactID, matter.PartyRole(role), matter.MatchKind(kind)
	return h, err
}

// followLinks finds, from every contact the direct hits name, the matters
// linked contacts are parties to (linksSQL); each such hit keeps the
// found contact's match (kind, score) and names its path.
func followLinks(ctx context.Context, tx pgx.Tx, direct []Hit, in Input) ([]Hit, error) {
	if len(direct) >= MaxHits {
		return nil, nil
	}
	index := map[string]int32{}
	for i, p := range in.Parties {
		if _, ok := index[p.ContactID]; !ok {
			index[p.ContactID] = int32(i)
		}
	}
	type key struct {
		p       int32
		contact string
	}
	found := map[key]Hit{}
	var ps []int32
	var cs []string
	for _, h := range direct {
		k := key{index[h.ProbeContactID], h.ContactID}
		if _, seen := found[k]; !seen {
			found[k] = h
			ps, cs = append(ps, k.p), append(cs, k.contact)
		}
	}
	if len(ps) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, linksSQL, ps, cs, in.depth(), in.ExcludeMatter, MaxHits-len(direct))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Hit, error) {
		var p int32
		var start, role string
		var path []string
		var h Hit
		err := r.Scan(&p, &start, &h.MatterID, &h.MatterNumber, &role, &path)
		from := found[key{p, start}]
		h.ProbeContactID, h.ContactID, h.Kind, h.Score, h.Role = from.ProbeContactID, start, from.Kind, from.Score, matter.PartyRole(role)
		for i := 0; i+2 < len(path); i += 3 {
			h.Path = append(h.Path, matter.ConflictLink{Relation: path[i], Reverse: path[i+1] != "", ContactID: path[i+2]})
		}
		return h, err
	})
}

// dropSelf leaves out a party found as itself in the register: only its
// other matters are findings.
func dropSelf(hits []Hit) []Hit {
	out := hits[:0]
	for _, h := range hits {
		if h.ContactID != h.ProbeContactID || h.MatterID != "" {
			out = append(out, h)
		}
	}
	return out
}
