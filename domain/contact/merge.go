package contact

import "github.com/klient-crm/klient/domain"

// Merging two contacts that are one person or organisation: the one merged
// away keeps its stream, which records where it went (ContactMerged), and
// refuses every change from then on; the survivor records what it took in
// (ContactAbsorbed), then takes the details chosen field by field as an
// ordinary details change.

// MergeInto decides that this contact is merged into survivorID. The
// survivor is another aggregate: the caller first asks it
// CheckMergeSurvivor.
func (c *Contact) MergeInto(survivorID string) ([]domain.Event, error) {
	if err := c.changeable(); err != nil {
		return nil, err
	}
	switch {
	case survivorID == "":
		return nil, domain.Invalid("survivor_id", "choose the contact to keep").WithCode("contact.merge.survivor_required")
	case survivorID == c.id:
		return nil, domain.Invalid("survivor_id", "a contact cannot be merged into itself").WithCode("contact.merge.self")
	}
	return []domain.Event{ContactMerged{ContactID: c.id, SurvivorID: survivorID}}, nil
}

// CheckMergeSurvivor is asked of the contact to keep before another of
// kind is merged into it: it must exist, hold its data, not be merged
// away itself, and be of the same kind.
func (c *Contact) CheckMergeSurvivor(kind Kind) error {
	survivor := func(e *domain.Error) *domain.Error { e.Field = "survivor_id"; return e }
	switch {
	case !c.Exists():
		return survivor(domain.NotFound("there is no such contact to keep").WithCode("contact.merge.survivor_not_found"))
	case c.erased:
		return survivor(domain.Erased("the contact to keep has been erased").WithCode("contact.merge.survivor_erased"))
	case c.mergedInto != "":
		return survivor(domain.Conflict("the contact to keep has itself been merged into another").WithCode("contact.merge.survivor_merged"))
	case c.kind != kind:
		return survivor(domain.Invalid("survivor_id", "a person and an organisation cannot be merged").WithCode("contact.merge.kind"))
	}
	return nil
}

// Absorb decides that the survivor took mergedID in.
func (c *Contact) Absorb(mergedID string) ([]domain.Event, error) {
	if err := c.changeable(); err != nil {
		return nil, err
	}
	if c.absorbed[mergedID] {
		return nil, nil
	}
	return []domain.Event{ContactAbsorbed{ContactID: c.id, MergedID: mergedID}}, nil
}

// MergedInto is the survivor this contact was merged into, or "".
func (c *Contact) MergedInto() string { return c.mergedInto }

// Absorbed lists the contacts merged into this one.
func (c *Contact) Absorbed() []string {
	out := make([]string, 0, len(c.absorbed))
	for id := range c.absorbed {
		out = append(out, id)
	}
	return out
}
