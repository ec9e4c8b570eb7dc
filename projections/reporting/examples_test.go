package reporting_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
)

// exampleBlock finds docs/reporting.md's example queries: SQL blocks that
// start with "-- Example N:".
var exampleBlock = regexp.MustCompile("(?s)```sql\n(-- Example (\\d+):.*?)```")

// exampleResults are what each documented example returns on the fixture.
var exampleResults = map[string][][]string{
	"1": {{"2026-01-01", "person", "1"}, {"2026-02-01", "organisation", "1"}},
	"2": {{"assistant", "1"}, {"lawyer", "3"}},
	"3": {{"familjerätt", "1", "1"}},
}

// The documentation's examples run as klient_analyst and return what the
// fixture says they should: the guide cannot drift from the schema.
func TestDocumentedExamples(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/reporting.md")
	must(t, err)
	blocks := exampleBlock.FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != len(exampleResults) {
		t.Fatalf("docs/reporting.md has %d example queries, want %d", len(blocks), len(exampleResults))
	}
	pool := newDatabase(t)
	fillFixture(t, pool)
	for _, b := range blocks {
		var got [][]string
		err := asAnalyst(t, pool, func(tx pgx.Tx) error {
			var err error
			got, err = rowsAsText(context.Background(), tx, b[1])
			return err
		})
		if err != nil {
			t.Errorf("example %s: %v", b[2], err)
			continue
		}
		if want := exampleResults[b[2]]; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("example %s: got %v, want %v", b[2], got, want)
		}
	}
}
