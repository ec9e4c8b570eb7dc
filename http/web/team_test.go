package web

import (
	"testing"
)

// TestTeamNames: a team named after a practice area reads as the area with
// its Swedish letters (issue 12: "processratt" is "Processrätt"); any other
// slug reads with spaces for hyphens; the first letter is a capital.
func TestTeamNames(t *testing.T) {
	t.Parallel()
	areas := []string{"affärsjuridik", "arbetsrätt", "processrätt", "skatterätt och moms"}
	for team, want := range map[string]string{
		"processratt":         "Processrätt",
		"arbetsratt":          "Arbetsrätt",
		"affarsjuridik":       "Affärsjuridik",
		"skatteratt-och-moms": "Skatterätt och moms",
		"m-och-a":             "M och a",
		"tvist":               "Tvist",
		"team2":               "Team2",
	} {
		if got := TeamName(team, areas); got != want {
			t.Errorf("TeamName(%q) = %q, want %q", team, got, want)
		}
	}
	if got := TeamName("processratt", nil); got != "Processratt" {
		t.Errorf("without areas: %q", got)
	}
}
