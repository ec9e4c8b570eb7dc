package dpo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// SpecialMark is a document's marking as special categories (art. 9, 10).
type SpecialMark struct {
	DocumentID string
	MatterID   string
	Categories []domaindpo.SpecialCategory // empty once the person is erased
	Grounds    []domaindpo.SpecialGround
	MarkedBy   string
	MarkedAt   time.Time
}

// SpecialMarks reads the markings of the documents ids; a document not
// marked has no entry.
func SpecialMarks(ctx context.Context, db DB, ids []string) (map[string]SpecialMark, error) {
	out := map[string]SpecialMark{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `SELECT document_id, matter_id, categories, grounds, marked_by, marked_at
		FROM dpo_special_v3 WHERE document_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("dpo: special marks: %w", err)
	}
	marks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SpecialMark, error) {
		var m SpecialMark
		var cats, grounds []string
		err := r.Scan(&m.DocumentID, &m.MatterID, &cats, &grounds, &m.MarkedBy, &m.MarkedAt)
		for _, c := range cats {
			m.Categories = append(m.Categories, domaindpo.SpecialCategory(c))
		}
		for _, g := range grounds {
			m.Grounds = append(m.Grounds, domaindpo.SpecialGround(g))
		}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: special marks: %w", err)
	}
	for _, m := range marks {
		out[m.DocumentID] = m
	}
	return out, nil
}

// SpecialCategoryCount is how many documents, and how many contacts
// (the contact or one of its fields), hold one category.
type SpecialCategoryCount struct {
	Category  domaindpo.SpecialCategory
	Documents int
	Contacts  int
}

// SpecialCategoriesInUse counts the marked documents and contacts by
// category, in the order of domaindpo.SpecialCategories: what the record
// of processing lists (art. 30.1 c) and the DPO's page counts. A contact
// with several fields marked with one category counts once.
func SpecialCategoriesInUse(ctx context.Context, db DB) ([]SpecialCategoryCount, error) {
	rows, err := db.Query(ctx, `SELECT c, count(*), 0 FROM dpo_special_v3, unnest(categories) c GROUP BY c
		UNION ALL SELECT c, 0, count(DISTINCT contact_id) FROM special_contacts_v1, unnest(categories) c GROUP BY c`)
	if err != nil {
		return nil, fmt.Errorf("dpo: special categories: %w", err)
	}
	docs, people := map[string]int{}, map[string]int{}
	var c string
	var d, n int
	if _, err := pgx.ForEachRow(rows, []any{&c, &d, &n}, func() error { docs[c] += d; people[c] += n; return nil }); err != nil {
		return nil, fmt.Errorf("dpo: special categories: %w", err)
	}
	var out []SpecialCategoryCount
	for _, cat := range domaindpo.SpecialCategories {
		if d, n := docs[string(cat)], people[string(cat)]; d+n > 0 {
			out = append(out, SpecialCategoryCount{Category: cat, Documents: d, Contacts: n})
		}
	}
	return out, nil
}
