package contacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
)

// Likely duplicates: the warning a new or edited contact gets when it
// resembles one already registered. An exact identity number is not a
// likely duplicate but a refusal (commands/contact's claim streams); this
// is the softer match of issue 14: a similar name and the same e-mail
// address, phone number or birth date. It is the one place the register
// decides that two contacts look like one person (the duplicates review
// uses it too); the import has its own matcher, to be unified with this.

// Reason says why a candidate looks like the same contact.
type Reason string

// The reasons, besides the similar name every candidate has.
const (
	ReasonEmail     Reason = "email"
	ReasonPhone     Reason = "phone"
	ReasonBirthDate Reason = "birth_date"
)

// Probe is the contact to compare: its kind, name and reachability as
// the details hold them (normalised or not: both sides are folded here).
type Probe struct {
	Kind         Kind
	Name         string // "Given Family" or the organisation's name
	Personnummer string // a person's, for the birth date
	Emails       []contact.Email
	Phones       []contact.Phone
	// Self is the contact being edited, never its own duplicate.
	Self string
}

// Candidate is a registered contact that resembles the probe.
type Candidate struct {
	ID          string
	Kind        Kind
	DisplayName string
	Similarity  float64  // of the folded names, 0–1
	Reasons     []Reason // at least one, in the order of the constants
}

// nameSimilarity is the least trigram similarity of two folded names that
// counts as "similar": "Anna Lindqvist" and "Ana Lindkvist" reach 0.53,
// "Anna Lindqvist" and "Anna Berg" 0.25.
const nameSimilarity = 0.4

// maxCandidates bounds the warning: a form shows a handful, not a list.
const maxCandidates = 10

// LikelyDuplicates lists the contacts of the probe's kind that have a
// similar name and share an e-mail address, a phone number or (persons)
// a birth date with it, most similar first. Erased contacts are left
// out, and so is what opts excludes (the viewer's walls, restricted
// people), in the query: a warning must not tell anyone of a contact they
// may not know of.
func LikelyDuplicates(ctx context.Context, db DB, p Probe, opts Options) ([]Candidate, error) {
	name := fold(p.Name)
	if name == "" {
		return nil, nil
	}
	keys := lookupKeys("", p.Emails, p.Phones)
	birth := birthPrefix(p.Personnummer)
	if len(keys) == 0 && birth == "" {
		return nil, nil
	}
	opts.IncludeArchived, opts.IncludeErased, opts.Kind = true, false, p.Kind
	if p.Self != "" {
		opts.Exclude = append(slices.Clip(opts.Exclude), p.Self)
	}
	var a args
	nameArg, keysArg, birthArg := a.add(name), a.add(keys), a.add(birth)
	// Two indexed ways in (the exact keys; the names' trigrams), then the
	// similarity and the shared facts decide.
	sql := `SELECT id, kind, display_name, similarity(search_name, ` + nameArg + `) AS sim,
			lookup_keys && ` + keysArg + `::text[] AS shared,
			` + birthArg + ` <> '' AND personnummer LIKE ` + birthArg + ` || '%' AS born,
			lookup_keys, ` + keysArg + `::text[]
		FROM contacts_v1
		WHERE (lookup_keys && ` + keysArg + `::text[] OR (` + birthArg + ` <> '' AND search_name % ` + nameArg + `))
			AND similarity(search_name, ` + nameArg + `) >= ` + a.add(nameSimilarity) + `
			AND ` + a.filter(opts) + `
		ORDER BY sim DESC, sort_key, id LIMIT ` + a.add(4*maxCandidates)
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("contacts: likely duplicates: %w", err)
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Candidate, error) {
		var c Candidate
		var shared, born bool
		var theirs, ours []string
		err := row.Scan(&c.ID, &c.Kind, &c.DisplayName, &c.Similarity, &shared, &born, &theirs, &ours)
		c.Reasons = reasons(theirs, ours, born)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("contacts: likely duplicates: %w", err)
	}
	out := slices.DeleteFunc(found, func(c Candidate) bool { return len(c.Reasons) == 0 })
	return out[:min(len(out), maxCandidates)], nil
}

// reasons names what the candidate's keys share with the probe's.
func reasons(theirs, ours []string, born bool) []Reason {
	var out []Reason
	share := func(prefix string) bool {
		return slices.ContainsFunc(ours, func(k string) bool { return strings.HasPrefix(k, prefix) && slices.Contains(theirs, k) })
	}
	if share("e:") {
		out = append(out, ReasonEmail)
	}
	if share("p:") {
		out = append(out, ReasonPhone)
	}
	if born {
		out = append(out, ReasonBirthDate)
	}
	return out
}

// birthPrefix is the birth date a personnummer begins with ("19811218-"
// of a normalised one), for LIKE; "" when there is none to compare. A
// samordningsnummer's day (+60) is compared as written: two coordination
// numbers of one day still meet.
func birthPrefix(personnummer string) string {
	d := digits(personnummer)
	if len(d) != 12 {
		return ""
	}
	return d[:8] + "-"
}

// Pair is two registered contacts that look like one, for the duplicates
// review: A sorts before B.
type Pair struct {
	A, B       Candidate // Reasons and Similarity are the pair's, on both
	Similarity float64
	Reasons    []Reason
}

// maxKeyHolders leaves out the keys so many contacts share that they say
// nothing of any one of them (a firm's switchboard number, info@…).
const maxKeyHolders = 20

// DuplicatePairs ranks the pairs of contacts of one kind with a similar
// name that share an e-mail address, a phone number or (persons) a birth
// date: most reasons first, then the most similar names. Erased, merged
// and excluded contacts are left out, as opts says; at most limit pairs.
func DuplicatePairs(ctx context.Context, db DB, opts Options, limit int) ([]Pair, error) {
	opts.IncludeArchived, opts.IncludeErased = true, false
	var a args
	filter := a.filter(opts)
	sql := `WITH live AS (SELECT id, kind, display_name, search_name, sort_key, lookup_keys, personnummer
			FROM contacts_v1 WHERE ` + filter + `),
		shared AS (
			SELECT k.key, array_agg(l.id ORDER BY l.id) AS ids
			FROM live l CROSS JOIN LATERAL unnest(l.lookup_keys) AS k(key)
			WHERE k.key LIKE 'e:%' OR k.key LIKE 'p:%'
			GROUP BY k.key HAVING count(*) BETWEEN 2 AND ` + a.add(maxKeyHolders) + `
			UNION ALL
			SELECT substr(personnummer, 1, 9), array_agg(id ORDER BY id)
			FROM live WHERE kind = 'person' AND personnummer <> ''
			GROUP BY substr(personnummer, 1, 9) HAVING count(*) BETWEEN 2 AND ` + a.add(maxKeyHolders) + `),
		pairs AS (
			SELECT s.ids[i] AS a, s.ids[j] AS b,
				array_agg(DISTINCT CASE WHEN s.key LIKE 'e:%' THEN 'email' WHEN s.key LIKE 'p:%' THEN 'phone' ELSE 'birth_date' END) AS reasons
			FROM shared s, generate_subscripts(s.ids, 1) i, generate_subscripts(s.ids, 1) j
			WHERE i < j GROUP BY 1, 2)
		SELECT p.a, x.kind, x.display_name, p.b, y.display_name, similarity(x.search_name, y.search_name) AS sim, p.reasons
		FROM pairs p JOIN live x ON x.id = p.a JOIN live y ON y.id = p.b
		WHERE x.kind = y.kind AND similarity(x.search_name, y.search_name) >= ` + a.add(nameSimilarity) + `
		ORDER BY cardinality(p.reasons) DESC, sim DESC, x.sort_key, p.a, p.b
		LIMIT ` + a.add(limit)
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("contacts: duplicate pairs: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Pair, error) {
		var p Pair
		var reasons []string
		err := row.Scan(&p.A.ID, &p.A.Kind, &p.A.DisplayName, &p.B.ID, &p.B.DisplayName, &p.Similarity, &reasons)
		p.B.Kind = p.A.Kind
		for _, r := range []Reason{ReasonEmail, ReasonPhone, ReasonBirthDate} {
			if slices.Contains(reasons, string(r)) {
				p.Reasons = append(p.Reasons, r)
			}
		}
		p.A.Similarity, p.B.Similarity, p.A.Reasons, p.B.Reasons = p.Similarity, p.Similarity, p.Reasons, p.Reasons
		return p, err
	})
}

// NumberHolder is the live contact of kind (not self) whose identity
// number is number, if any. The commands' claim streams are what keeps a
// number to one contact; this finds the holders registered before them
// (or written without a claim, as a batch import is), which hold no claim.
func NumberHolder(ctx context.Context, db DB, kind Kind, number, self string) (string, bool, error) {
	keys := numberKeys(number)
	if len(keys) == 0 {
		return "", false, nil
	}
	var id string
	err := db.QueryRow(ctx, `SELECT id FROM contacts_v1 WHERE lookup_keys @> ARRAY[$1::text] AND kind = $2
		AND NOT erased AND merged_into = '' AND id <> $3 ORDER BY created_at, id LIMIT 1`, keys[0], string(kind), self).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("contacts: number holder: %w", err)
	}
	return id, true, nil
}
