package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

const contactColumns = `id, kind, display_name, given_name, family_name, organisation_name, personnummer,
	organisationsnummer, emails, phones, addresses, protected_identity, archived, erased, restricted, version,
	created_at, updated_at, merged_into`

// MergedCode is Get's answer for a contact merged into another: a
// not-found whose Contact names the survivor (MergedInto).
const MergedCode = "contact.merged"

// Get returns one contact with its affiliations. An unknown id is a
// domain.Error of KindNotFound (code contact.not_found). An erased contact
// is a KindErased error (code contact.erased); the Contact returned with it
// holds what is left: its ID, kind and version. A restricted person is a
// KindForbidden error (code contact.restricted) but to the DPO: see GetWith.
func Get(ctx context.Context, db DB, id string) (Contact, error) {
	return GetWith(ctx, db, id, GetOptions{})
}

// GetWith is Get as opts ask.
func GetWith(ctx context.Context, db DB, id string, opts GetOptions) (Contact, error) {
	c, err := scanContact(db.QueryRow(ctx, "SELECT "+contactColumns+" FROM contacts_v1 WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Contact{}, domain.NotFound("there is no such contact").WithCode("contact.not_found")
	}
	if err != nil {
		return Contact{}, fmt.Errorf("contacts: get: %w", err)
	}
	if c.Erased {
		return c, domain.Erased("this contact's personal data has been erased").WithCode("contact.erased")
	}
	if c.MergedInto != "" && !opts.IncludeMerged {
		return Contact{ID: c.ID, Kind: c.Kind, Version: c.Version, MergedInto: c.MergedInto},
			domain.NotFound("this contact was merged into another").WithCode(MergedCode)
	}
	if c.Restricted && !opts.IncludeRestricted {
		return c.withheld(), restricted()
	}
	if c.Affiliations, err = affiliations(ctx, db, id, opts.IncludeRestricted); err != nil {
		return Contact{}, err
	}
	if c.Relationships, err = relationships(ctx, db, id, opts.IncludeRestricted); err != nil {
		return Contact{}, err
	}
	return c, nil
}

func scanContact(row pgx.Row) (Contact, error) {
	var c Contact
	var kind string
	var emails, phones, addresses []byte
	var version int64
	err := row.Scan(&c.ID, &kind, &c.DisplayName, &c.GivenName, &c.FamilyName, &c.OrganisationName,
		&c.Personnummer, &c.Organisationsnummer, &emails, &phones, &addresses,
		&c.ProtectedIdentity, &c.Archived, &c.Erased, &c.Restricted, &version, &c.CreatedAt, &c.UpdatedAt, &c.MergedInto)
	if err != nil {
		return c, err
	}
	c.Kind, c.Version = Kind(kind), uint64(version)
	return c, errors.Join(json.Unmarshal(emails, &c.Emails), json.Unmarshal(phones, &c.Phones),
		json.Unmarshal(addresses, &c.Addresses))
}

// affiliations lists a person's roles or an organisation's people; those
// of restricted contacts only when restricted is true (the DPO's view).
func affiliations(ctx context.Context, db DB, id string, restricted bool) ([]Affiliation, error) {
	rows, err := db.Query(ctx, `SELECT a.person_id, coalesce(p.display_name, ''), a.organisation_id,
			coalesce(o.display_name, ''), a.role
		FROM contacts_v1_affiliations a
		LEFT JOIN contacts_v1 p ON p.id = a.person_id
		LEFT JOIN contacts_v1 o ON o.id = a.organisation_id
		WHERE (a.person_id = $1 OR a.organisation_id = $1)
			AND ($2 OR NOT (coalesce(p.restricted, false) OR coalesce(o.restricted, false)))
		ORDER BY o.sort_name, p.sort_name, a.person_id, a.organisation_id`, id, restricted)
	if err != nil {
		return nil, fmt.Errorf("contacts: affiliations: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Affiliation, error) {
		var a Affiliation
		err := r.Scan(&a.PersonID, &a.PersonName, &a.OrganisationID, &a.OrganisationName, &a.Role)
		return a, err
	})
}

// relationships lists the relations between id and other contacts, both
// ways; those to restricted contacts only when restricted is true.
func relationships(ctx context.Context, db DB, id string, restricted bool) ([]Relationship, error) {
	rows, err := db.Query(ctx, `SELECT CASE WHEN r.from_id = $1 THEN r.to_id ELSE r.from_id END AS other,
			coalesce(o.display_name, ''), r.kind, r.from_id = $1
		FROM contacts_v1_relationships r
		LEFT JOIN contacts_v1 o ON o.id = CASE WHEN r.from_id = $1 THEN r.to_id ELSE r.from_id END
		WHERE (r.from_id = $1 OR r.to_id = $1) AND NOT coalesce(o.erased, false)
			AND ($2 OR NOT coalesce(o.restricted, false))
		ORDER BY r.kind, o.sort_name, other`, id, restricted)
	if err != nil {
		return nil, fmt.Errorf("contacts: relationships: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Relationship, error) {
		var rel Relationship
		err := r.Scan(&rel.OtherID, &rel.OtherName, &rel.Kind, &rel.Outgoing)
		return rel, err
	})
}

// Survivors maps each of ids that was merged into another contact to the
// contact it was merged into.
func Survivors(ctx context.Context, db DB, ids []string) (map[string]string, error) {
	rows, err := db.Query(ctx, `SELECT id, merged_into FROM contacts_v1 WHERE id = ANY($1) AND merged_into <> ''`, ids)
	if err != nil {
		return nil, fmt.Errorf("contacts: survivors: %w", err)
	}
	out := map[string]string{}
	var id, survivor string
	if _, err := pgx.ForEachRow(rows, []any{&id, &survivor}, func() error { out[id] = survivor; return nil }); err != nil {
		return nil, fmt.Errorf("contacts: survivors: %w", err)
	}
	return out, nil
}

// Absorbed lists the contacts merged into id, and those merged into them
// in turn (a survivor may later be merged away itself), oldest merge
// first: what was theirs is the survivor's now, so its access package
// gathers their register entries and access-log lines too.
func Absorbed(ctx context.Context, db DB, id string) ([]string, error) {
	rows, err := db.Query(ctx, `WITH RECURSIVE absorbed(id, updated_at) AS (
			SELECT id, updated_at FROM contacts_v1 WHERE merged_into = $1 AND merged_into <> ''
			UNION SELECT c.id, c.updated_at FROM contacts_v1 c JOIN absorbed a ON c.merged_into = a.id AND c.merged_into <> '')
		SELECT id FROM absorbed ORDER BY updated_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("contacts: absorbed: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("contacts: absorbed: %w", err)
	}
	return out, nil
}

// Ref is what a page needs to name a contact it links to.
type Ref struct {
	DisplayName string // empty when erased or restricted
	Erased      bool
	Restricted  bool
}

// Refs names the contacts of ids that exist, in one query: a list that
// links hundreds of entries to their people reads their names at once
// instead of one contact (and its affiliations) at a time. Erased and
// restricted contacts come without a name, as Get would show them.
func Refs(ctx context.Context, db DB, ids []string) (map[string]Ref, error) {
	rows, err := db.Query(ctx, `SELECT id, display_name, erased, restricted FROM contacts_v1 WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("contacts: refs: %w", err)
	}
	defer rows.Close()
	out := make(map[string]Ref, len(ids))
	for rows.Next() {
		var id string
		var ref Ref
		if err := rows.Scan(&id, &ref.DisplayName, &ref.Erased, &ref.Restricted); err != nil {
			return nil, fmt.Errorf("contacts: refs: %w", err)
		}
		if ref.Erased || ref.Restricted {
			ref.DisplayName = ""
		}
		out[id] = ref
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contacts: refs: %w", err)
	}
	return out, nil
}

// Lifetime is when a contact was registered and last changed.
type Lifetime struct {
	ID                   string
	CreatedAt, UpdatedAt time.Time
}

// Lifetimes walks the live contacts in ID order: up to limit after the
// contact after ("" from the first), archived ones included, erased and
// restricted ones (art. 18 keeps them in storage) left out. Retention reads
// every contact this way, a page at a time, instead of opening each.
func Lifetimes(ctx context.Context, db DB, after string, limit int) ([]Lifetime, error) {
	rows, err := db.Query(ctx, `SELECT id, created_at, updated_at FROM contacts_v1
		WHERE id > $1 AND NOT erased AND NOT restricted ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("contacts: lifetimes: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Lifetime])
	if err != nil {
		return nil, fmt.Errorf("contacts: lifetimes: %w", err)
	}
	return out, nil
}

// GetOptions widen GetWith.
type GetOptions struct {
	// IncludeRestricted returns a restricted contact whole: the
	// data-protection officer's view.
	IncludeRestricted bool
	// IncludeMerged returns a contact merged into another as it was
	// recorded (its MergedInto set) instead of the pointer: the access
	// package of the survivor shows it.
	IncludeMerged bool
}

// restricted is Get's answer for a restricted contact. The message names
// no one.
func restricted() error {
	return domain.Forbidden("processing of this contact's data is restricted").WithCode("contact.restricted")
}

// withheld is what Get shows of a restricted contact: that it exists, and
// nothing about whom.
func (c Contact) withheld() Contact {
	return Contact{ID: c.ID, Kind: c.Kind, Archived: c.Archived, Restricted: true, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// Likely duplicates: the warning a new or edited contact gets when it
// resembles one already registered. An exact identity number is not a
// likely duplicate but a refusal (commands/contact's claim streams); this
// is the softer match of issue 14: a similar name and the same e-mail
// address, phone number or birth date. Resembles is that rule, the one
// place the register decides that two contacts look like one person: the
// form's warning (LikelyDuplicates), the import's dry run (ImportMatches)
// and the duplicates review (DuplicatePairs, the same threshold and facts
// in one query over the register) all ask it.

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

// Resembles is the likely-duplicate rule: two contacts of one kind whose
// folded names' trigram similarity is sim look like one when the names
// are similar (nameSimilarity or more) and they share at least one fact
// (reasons: an e-mail address, a phone number, a person's birth date).
func Resembles(sim float64, reasons []Reason) bool {
	return sim >= nameSimilarity && len(reasons) > 0
}

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
	out := slices.DeleteFunc(found, func(c Candidate) bool { return !Resembles(c.Similarity, c.Reasons) })
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

// args numbers query parameters as they are added.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

const summaryColumns = `id, kind, display_name,
	CASE WHEN personnummer <> '' THEN personnummer ELSE organisationsnummer END,
	coalesce(emails->0->>'address', ''), coalesce(phones->0->>'number', ''),
	protected_identity, archived, erased, restricted, version, updated_at`

// filter is the WHERE clause every list shares: kind, archived, erased,
// restricted, walled off.
func (a *args) filter(o Options) string {
	exclude := o.Exclude
	if exclude == nil {
		exclude = []string{}
	}
	return "(" + a.add(string(o.Kind)) + "::text = '' OR kind = " + a.add(string(o.Kind)) + ")" +
		" AND (" + a.add(o.IncludeArchived) + " OR NOT archived)" +
		" AND (" + a.add(o.IncludeErased) + " OR NOT erased)" +
		" AND (" + a.add(o.IncludeRestricted) + " OR NOT restricted)" +
		" AND NOT (id = ANY(" + a.add(exclude) + "::text[]))" +
		" AND merged_into = ''"
}

func (a *args) page(o Options) string {
	limit, offset := o.page()
	return " LIMIT " + a.add(limit) + " OFFSET " + a.add(offset)
}

// summaries runs a query selecting summaryColumns.
func summaries(ctx context.Context, db DB, sql string, a args) ([]Summary, error) {
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("contacts: query: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("contacts: read rows: %w", err)
	}
	return out, nil
}

func scanSummary(row pgx.CollectableRow) (Summary, error) {
	var s Summary
	var kind string
	var version int64
	err := row.Scan(&s.ID, &kind, &s.DisplayName, &s.Number, &s.Email, &s.Phone,
		&s.ProtectedIdentity, &s.Archived, &s.Erased, &s.Restricted, &version, &s.UpdatedAt)
	s.Kind, s.Version = Kind(kind), uint64(version)
	return s, err
}

// WithNumbers lists the live contacts whose details hold a personnummer or
// an organisationsnummer, by ID: the claims' backfill walks them.
func WithNumbers(ctx context.Context, db DB) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT id FROM contacts_v1
		WHERE (personnummer <> '' OR organisationsnummer <> '') AND NOT erased AND merged_into = '' ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("contacts: with numbers: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("contacts: with numbers: %w", err)
	}
	return out, nil
}
