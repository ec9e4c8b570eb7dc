package matter

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// DefaultPracticeAreas are the practice areas (rättsområden) of a Swedish
// general-practice firm; a firm configures its own list.
var DefaultPracticeAreas = []string{
	"affärsjuridik", "arbetsrätt", "familjerätt", "fastighetsrätt", "processrätt",
	"straffrätt", "migrationsrätt", "immaterialrätt", "skatterätt", "konkurrensrätt",
	"offentlig rätt", "försäkringsrätt", "arvsrätt", "insolvensrätt", "övrigt",
}

// PracticeAreas is the firm's list of practice areas. Its zero value is
// DefaultPracticeAreas.
type PracticeAreas struct{ areas []string }

// NewPracticeAreas checks a configured list: at least one area, each a
// short line of text, none twice (in any case). Areas are kept as written
// but for surrounding space.
func NewPracticeAreas(areas []string) (PracticeAreas, error) {
	if len(areas) == 0 {
		return PracticeAreas{}, fmt.Errorf("matter: the list of practice areas is empty")
	}
	var out []string
	for _, a := range areas {
		a = strings.TrimSpace(a)
		if _, err := cleanLine("practice_area", a, maxPracticeAreaLength, true); err != nil {
			return PracticeAreas{}, fmt.Errorf("matter: practice area %d is not one short line of text", len(out)+1)
		}
		if slices.ContainsFunc(out, func(b string) bool { return strings.EqualFold(a, b) }) {
			return PracticeAreas{}, fmt.Errorf("matter: practice area %d is listed twice", len(out)+1)
		}
		out = append(out, a)
	}
	return PracticeAreas{areas: out}, nil
}

// List returns the areas, in the configured order.
func (p PracticeAreas) List() []string {
	if p.areas == nil {
		return slices.Clone(DefaultPracticeAreas)
	}
	return slices.Clone(p.areas)
}

// normalise returns the configured spelling of area (matched in any case).
func (p PracticeAreas) normalise(area string) (string, error) {
	area = strings.TrimSpace(area)
	for _, a := range p.List() {
		if strings.EqualFold(a, area) {
			return a, nil
		}
	}
	if area == "" {
		return "", domain.Invalid("practice_area", "choose a practice area").WithCode("matter.practice_area.required")
	}
	return "", domain.Invalid("practice_area", "there is no such practice area").WithCode("matter.practice_area.unknown")
}
