package access

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEMatrix keeps the README's role table equal to the matrix: the
// README is what a firm's DPO reads, the matrix is what the server enforces.
func TestREADMEMatrix(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	table := matrixTable()
	if !strings.Contains(string(readme), table) {
		t.Errorf("README.md lacks the current role × action table; paste this under \"Roles\":\n\n%s", table)
	}
}

// matrixTable renders the matrix as a Markdown table, actions down, roles across.
func matrixTable() string {
	var b strings.Builder
	b.WriteString("| action |")
	for _, r := range Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(Roles)) + "\n")
	for _, a := range Actions {
		b.WriteString("| `" + string(a) + "` |")
		for _, r := range Roles {
			mark := " |"
			if Allows([]Role{r}, a) {
				mark = " ✓ |"
			}
			b.WriteString(mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}
