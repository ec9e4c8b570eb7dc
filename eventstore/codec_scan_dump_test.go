package eventstore_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// canaryForms are the ways a string can appear in a dump: as is, JSON-escaped
// (\u00e4 for ä), and in the lower-cased dump.
func canaryForms(c string) []string {
	escaped, _ := json.Marshal(c)
	ascii := strings.Trim(strings.NewReplacer("ä", `\u00e4`, "å", `\u00e5`, "ö", `\u00f6`).Replace(c), `"`)
	return []string{c, strings.Trim(string(escaped), `"`), ascii, strings.ToLower(c)}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func excerpt(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+40)]
}

// dumpDatabase returns every row of every table in every non-system schema
// as text, every bytea value as raw bytes, and every base64 run in them
// decoded (sealed values are base64), with a lower-cased copy of it all.
func dumpDatabase(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var b strings.Builder
	for _, table := range userTables(t, pool) {
		appendRows[string](t, &b, pool, `SELECT t::text FROM `+table+` t`)
	}
	for _, col := range byteaColumns(t, pool) {
		appendRows[[]byte](t, &b, pool, `SELECT `+col[1]+` FROM `+col[0]+` WHERE `+col[1]+` IS NOT NULL`)
	}
	for _, run := range base64Run.FindAllString(b.String(), -1) {
		if raw, err := base64.StdEncoding.DecodeString(run); err == nil {
			b.Write(raw)
			b.WriteByte('\n')
		}
	}
	return b.String() + "\n" + strings.ToLower(b.String())
}

var base64Run = regexp.MustCompile(`[A-Za-z0-9+/]{16,}={0,2}`)

func appendRows[T string | []byte](t *testing.T, b *strings.Builder, pool *pgxpool.Pool, query string) {
	t.Helper()
	rows, err := pool.Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	values, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	for _, v := range values {
		b.WriteString(string(v))
		b.WriteByte('\n')
	}
}

const userTablesSQL = `SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
	WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\_toast%'
	ORDER BY 1`

const byteaColumnsSQL = `SELECT format('%I.%I', table_schema, table_name), quote_ident(column_name)
	FROM information_schema.columns
	WHERE data_type = 'bytea' AND table_schema NOT IN ('pg_catalog', 'information_schema')`

func userTables(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), userTablesSQL)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) < 4 {
		t.Fatalf("tables %v, %v: want the event and key store tables", tables, err)
	}
	return tables
}

func byteaColumns(t *testing.T, pool *pgxpool.Pool) [][2]string {
	t.Helper()
	rows, err := pool.Query(context.Background(), byteaColumnsSQL)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var c [2]string
		return c, r.Scan(&c[0], &c[1])
	})
	if err != nil || len(cols) == 0 {
		t.Fatalf("bytea columns %v, %v", cols, err)
	}
	return cols
}
