package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Special categories of personal data (art. 9) and data on criminal
// convictions and offences (art. 10): a document filed with a matter (a
// medical certificate, an extract from the criminal record) can be marked
// as holding them, with the ground that allows the processing. A marked
// document is read only by those whose role allows access.SensitiveRead
// (the lawyers of the matter); the record of processing lists the
// categories in use. The SpecialCategoryMarking aggregate on stream
// "special-<documentID>" holds the marking as last decided.

// SpecialCategory is one category of art. 9.1, or art. 10's offences.
type SpecialCategory string

// The categories.
const (
	CategoryEthnicOrigin SpecialCategory = "ethnic_origin" // racial or ethnic origin
	CategoryPolitical    SpecialCategory = "political"     // political opinions
	CategoryReligious    SpecialCategory = "religious"     // religious or philosophical beliefs
	CategoryTradeUnion   SpecialCategory = "trade_union"   // trade union membership
	CategoryGenetic      SpecialCategory = "genetic"       // genetic data
	CategoryBiometric    SpecialCategory = "biometric"     // biometric data identifying a person
	CategoryHealth       SpecialCategory = "health"        // data concerning health
	CategorySexLife      SpecialCategory = "sex_life"      // sex life or sexual orientation
	CategoryCriminal     SpecialCategory = "criminal"      // criminal convictions and offences (art. 10)
)

// SpecialCategories lists every category, art. 9.1's order, then art. 10.
var SpecialCategories = []SpecialCategory{CategoryEthnicOrigin, CategoryPolitical, CategoryReligious, CategoryTradeUnion,
	CategoryGenetic, CategoryBiometric, CategoryHealth, CategorySexLife, CategoryCriminal}

// SpecialGround is what allows processing them: one of art. 9.2's
// exceptions, or for offences art. 10 with the national law it names (in
// Sweden chapter 3 of dataskyddslagen, which lets a lawyer process them to
// establish, exercise or defend legal claims).
type SpecialGround string

// The grounds.
const (
	GroundConsent        SpecialGround = "art9_2_a" // explicit consent
	GroundEmployment     SpecialGround = "art9_2_b" // employment and social security law
	GroundVitalInterests SpecialGround = "art9_2_c" // vital interests, consent impossible
	GroundNotForProfit   SpecialGround = "art9_2_d" // a not-for-profit body's members
	GroundMadePublic     SpecialGround = "art9_2_e" // made public by the person
	GroundLegalClaims    SpecialGround = "art9_2_f" // legal claims, courts acting judicially
	GroundPublicInterest SpecialGround = "art9_2_g" // substantial public interest, by law
	GroundHealthCare     SpecialGround = "art9_2_h" // health or social care
	GroundPublicHealth   SpecialGround = "art9_2_i" // public health
	GroundArchiving      SpecialGround = "art9_2_j" // archiving, research, statistics
	GroundOffencesByLaw  SpecialGround = "art10"    // art. 10 under national law (dataskyddslagen 3 kap. 8–9 §§)
)

// SpecialGrounds lists every ground.
var SpecialGrounds = []SpecialGround{GroundConsent, GroundEmployment, GroundVitalInterests, GroundNotForProfit, GroundMadePublic,
	GroundLegalClaims, GroundPublicInterest, GroundHealthCare, GroundPublicHealth, GroundArchiving, GroundOffencesByLaw}

// SpecialCategoryMarked: a document holds Categories, processed under
// Grounds. The categories say something about the person the document is
// about, so they are sealed with the document's key (DataSubject);
// grounds are articles of law and stay readable. Categories empty: the
// marking was lifted (the document holds none).
type SpecialCategoryMarked struct {
	DocumentID  string            `json:"document_id"`
	MatterID    string            `json:"matter_id"`
	DataSubject string            `json:"data_subject"` // whose key seals the document
	Categories  []SpecialCategory `json:"categories" personal:"DataSubject"`
	Grounds     []SpecialGround   `json:"grounds,omitempty"`
	MarkedAt    time.Time         `json:"marked_at"`
	MarkedBy    string            `json:"marked_by"`
}

// TypeSpecialCategoryMarked is stored forever: never rename it.
const TypeSpecialCategoryMarked = "dpo.SpecialCategoryMarked"

func (SpecialCategoryMarked) EventType() string  { return TypeSpecialCategoryMarked }
func (SpecialCategoryMarked) SchemaVersion() int { return 1 }

// SpecialStreamName is the stream of one document's marking.
func SpecialStreamName(documentID string) string { return "special-" + documentID }

// SpecialCategoryMarking is the aggregate.
type SpecialCategoryMarking struct {
	current SpecialCategoryMarked
	found   bool
}

// Apply evolves the marking.
func (m *SpecialCategoryMarking) Apply(ev domain.Event) {
	if e, ok := ev.(SpecialCategoryMarked); ok {
		m.current, m.found = e, true
	}
}

// Mark decides to mark the document with e's categories (none: lift the
// marking). Each category needs its ground: one of art. 9.2's for a
// category of art. 9, art. 10's for offences; a ground no category needs
// is refused, as are repeats and unknown codes. The same marking again
// decides nothing, and so does lifting what was never marked.
func (m *SpecialCategoryMarking) Mark(e SpecialCategoryMarked) ([]domain.Event, error) {
	var probs domain.Problems
	e.Categories, e.Grounds = checkSpecial(&probs, e.Categories, e.Grounds)
	probs.Add(checkID("document_id", e.DocumentID, "dpo.special.document"))
	probs.Add(checkID("data_subject", e.DataSubject, "dpo.special.document"))
	probs.Add(checkID("marked_by", e.MarkedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if len(e.Categories) == 0 && !m.found {
		return nil, nil
	}
	if m.found && slices.Equal(m.current.Categories, e.Categories) && slices.Equal(m.current.Grounds, e.Grounds) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// checkSpecial is the one rule of a marking, a document's or a contact's:
// each category needs its ground — one of art. 9.2's for a category of
// art. 9, art. 10's for offences —; a ground no category needs is
// refused, as are unknown codes; repeats are dropped. It returns the
// categories and grounds sorted, and adds what is wrong to probs.
func checkSpecial(probs *domain.Problems, categories []SpecialCategory, given []SpecialGround) ([]SpecialCategory, []SpecialGround) {
	var art9, art10, ground9, ground10 bool
	var cats []SpecialCategory
	for _, c := range categories {
		switch {
		case !slices.Contains(SpecialCategories, c):
			probs.Add(domain.Invalid("categories", "choose among the special categories").WithCode("dpo.special.category"))
		case !slices.Contains(cats, c):
			cats = append(cats, c)
			art10, art9 = art10 || c == CategoryCriminal, art9 || c != CategoryCriminal
		}
	}
	var grounds []SpecialGround
	for _, g := range given {
		switch {
		case !slices.Contains(SpecialGrounds, g):
			probs.Add(domain.Invalid("grounds", "choose a ground of art. 9.2 or art. 10").WithCode("dpo.special.ground"))
		case !slices.Contains(grounds, g):
			grounds = append(grounds, g)
			ground10, ground9 = ground10 || g == GroundOffencesByLaw, ground9 || g != GroundOffencesByLaw
		}
	}
	switch {
	case art9 && !ground9:
		probs.Add(domain.Invalid("grounds", "a special category needs its ground in art. 9.2").WithCode("dpo.special.ground_art9"))
	case art10 && !ground10:
		probs.Add(domain.Invalid("grounds", "data on offences needs the ground of art. 10").WithCode("dpo.special.ground_art10"))
	case (ground9 && !art9) || (ground10 && !art10):
		probs.Add(domain.Invalid("grounds", "a ground without its category").WithCode("dpo.special.ground_unused"))
	}
	slices.Sort(cats)
	slices.Sort(grounds)
	return cats, grounds
}
