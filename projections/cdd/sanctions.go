package cdd

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
)

// foldSQL folds names as the conflict check folds them
// (conflict_index_v1_fold): unaccent's dictionary named, in lower case.
const foldSQL = `lower(public.unaccent('public.unaccent'::regdictionary, n))`

// Lists keeps the imported sanctions lists and screens names against the
// latest. Safe for concurrent use; the latest list's index is built once
// and shared.
type Lists struct {
	pool *pgxpool.Pool

	mu      sync.Mutex
	current *loadedList // nil until the first screening
}

type loadedList struct {
	info    domaincdd.ListInfo
	entries []string // entry IDs, by index position
	ix      *index
}

// NewLists returns the store over pool, whose database has Migrations.
func NewLists(pool *pgxpool.Pool) (*Lists, error) {
	if pool == nil {
		return nil, errors.New("cdd.NewLists: a pool is required")
	}
	return &Lists{pool: pool}, nil
}

// Import keeps list whole under listID, imported at now by by, in one
// transaction: a failure keeps nothing. The same listID again keeps
// nothing more (a resent import).
func (l *Lists) Import(ctx context.Context, listID string, list domaincdd.SanctionsList, by string, now time.Time) (domaincdd.ListInfo, error) {
	info := domaincdd.ListInfo{ID: listID, Version: list.Version, GeneratedAt: list.GeneratedAt, Entries: len(list.Entries)}
	err := pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO cdd_sanctions_lists (list_id, version, generated_at, imported_at, imported_by, entries)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (list_id) DO NOTHING`,
			listID, list.Version, list.GeneratedAt, now, by, len(list.Entries))
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		var entryIDs, names []string
		var persons []bool
		var births []string
		for _, e := range list.Entries {
			for _, n := range e.Names {
				entryIDs, names, persons = append(entryIDs, e.ID), append(names, n), append(persons, e.Person)
				births = append(births, strings.Join(e.BirthDates, "\x1f"))
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO cdd_sanctions_names (list_id, entry_id, person, name, folded, birth_dates)
			SELECT $1, e, p, n, `+foldSQL+`, CASE WHEN b = '' THEN '{}' ELSE string_to_array(b, E'\x1f') END
			FROM unnest($2::text[], $3::bool[], $4::text[], $5::text[]) AS u(e, p, n, b)`, listID, entryIDs, persons, names, births)
		return err
	})
	if err != nil {
		return domaincdd.ListInfo{}, fmt.Errorf("cdd: importing a sanctions list: %w", err)
	}
	return info, nil
}

// Latest is the list imported last; found is false before any import.
func (l *Lists) Latest(ctx context.Context) (info domaincdd.ListInfo, found bool, err error) {
	err = l.pool.QueryRow(ctx, `SELECT list_id, version, generated_at, entries FROM cdd_sanctions_lists
		ORDER BY imported_at DESC, list_id DESC LIMIT 1`).Scan(&info.ID, &info.Version, &info.GeneratedAt, &info.Entries)
	if errors.Is(err, pgx.ErrNoRows) {
		return domaincdd.ListInfo{}, false, nil
	}
	if err != nil {
		return domaincdd.ListInfo{}, false, fmt.Errorf("cdd: reading the latest sanctions list: %w", err)
	}
	info.GeneratedAt = info.GeneratedAt.UTC()
	return info, true, nil
}

// Screen compares each of names with every name of the latest list and
// returns the list and the hits, strongest first (an entry once per
// screened name, by its most similar alias). Before any import it refuses
// (cdd.screening.no_list).
func (l *Lists) Screen(ctx context.Context, names []string) (domaincdd.ListInfo, []domaincdd.SanctionsHit, error) {
	res, err := l.ScreenMany(ctx, [][]string{names})
	if err != nil {
		return domaincdd.ListInfo{}, nil, err
	}
	return res.List, res.Hits[0], nil
}

// Screening is the answer of ScreenMany (domain/cdd's, which the
// monitoring command asks through its port).
type Screening = domaincdd.Screening

// ScreenMany is Screen for many groups of names at once (every client
// after an import): the names are folded in one query per 10,000 and
// compared in memory.
func (l *Lists) ScreenMany(ctx context.Context, groups [][]string) (Screening, error) {
	ll, err := l.latest(ctx)
	if err != nil {
		return Screening{}, err
	}
	var flat []string
	for _, g := range groups {
		flat = append(flat, g...)
	}
	folded, err := l.fold(ctx, flat)
	if err != nil {
		return Screening{}, err
	}
	out := Screening{List: ll.info, Hits: make([][]domaincdd.SanctionsHit, len(groups))}
	seen := make([]bool, len(ll.ix.names))
	i := 0
	for g, names := range groups {
		var hits []domaincdd.SanctionsHit
		for _, name := range names {
			best := map[int32]int{} // entry → its hit's place in hits, for this name
			ll.ix.match(folded[i], seen, func(n indexedName, score float64) {
				score = float64(int(score*10000+0.5)) / 10000
				if at, ok := best[n.entry]; ok {
					if hits[at].Score < score {
						hits[at].EntryName, hits[at].Score = n.name, score
					}
					return
				}
				best[n.entry] = len(hits)
				hits = append(hits, domaincdd.SanctionsHit{EntryID: ll.entries[n.entry], EntryName: n.name, Screened: name, Score: score})
			})
			i++
		}
		slices.SortStableFunc(hits, func(a, b domaincdd.SanctionsHit) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			return strings.Compare(a.EntryID, b.EntryID)
		})
		out.Hits[g] = hits
	}
	return out, nil
}

// fold folds names in PostgreSQL, 10,000 to a query.
func (l *Lists) fold(ctx context.Context, names []string) ([]string, error) {
	out := make([]string, 0, len(names))
	for start := 0; start < len(names); start += 10_000 {
		batch := names[start:min(start+10_000, len(names))]
		rows, err := l.pool.Query(ctx, `SELECT `+foldSQL+` FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i`, batch)
		if err != nil {
			return nil, fmt.Errorf("cdd: folding names: %w", err)
		}
		f, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("cdd: folding names: %w", err)
		}
		out = append(out, f...)
	}
	return out, nil
}

// latest is the latest list with its index, built on first use after an
// import (another instance's import too: the latest's ID is asked each
// time, the index only when it changed).
func (l *Lists) latest(ctx context.Context) (*loadedList, error) {
	info, found, err := l.Latest(ctx)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, domain.Invalid("list_id", "no sanctions list has been imported").WithCode("cdd.screening.no_list")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current != nil && l.current.info.ID == info.ID {
		return l.current, nil
	}
	rows, err := l.pool.Query(ctx, `SELECT entry_id, name, folded FROM cdd_sanctions_names WHERE list_id = $1 ORDER BY entry_id, name`, info.ID)
	if err != nil {
		return nil, fmt.Errorf("cdd: reading a sanctions list: %w", err)
	}
	ll := &loadedList{info: info, ix: newIndex()}
	var entry, name, folded string
	_, err = pgx.ForEachRow(rows, []any{&entry, &name, &folded}, func() error {
		if len(ll.entries) == 0 || ll.entries[len(ll.entries)-1] != entry {
			ll.entries = append(ll.entries, entry)
		}
		ll.ix.add(int32(len(ll.entries)-1), name, folded)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cdd: reading a sanctions list: %w", err)
	}
	l.current = ll
	return ll, nil
}
