package backup

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
)

// kept names the tables whose rows a backup holds: what cannot be made
// again, and holds no personal data in the clear. Every other table is
// dumped without its rows. The read models are the rest: derived from
// the log, they hold people's names, addresses and notes opened with
// their keys, which a backup kept for years would still hold after the
// person was erased; a restore rebuilds them from the restored log,
// where a destroyed key leaves nothing to open.
//
// A table a migration adds belongs here, in dropped, or to a read model
// (its projector drops it); TestEveryTableIsKeptOrRebuilt fails until it
// is placed, so no new table's rows go missing from a backup unnoticed.
var kept = map[string]string{
	"public.events":                    "the event log: every personal field sealed with its person's key",
	"public.streams":                   "each stream's version: IDs",
	"public.audit_checkpoints":         "the log's signed checkpoints: digests and signatures",
	"public.audit_cluster_checkpoints": "an EventStoreDB cluster's signed checkpoints of $all: digests and signatures",
	"public.schema_migrations":         "which migrations ran",
	"public.keystore_subject_keys":     "each person's key, wrapped by the master key",
	"public.keystore_tombstones":       "destroyed keys: subject IDs, times, fingerprints",
	"public.keystore_index_keys":       "the keyed hashes' secrets (identity numbers' claims), wrapped by the master key",
	"public.credentials_passwords":     "staff passwords: argon2id hashes",
	"public.credentials_tokens":        "API tokens: hashes of their secrets, names, roles, staff IDs",
	"public.calendar_tokens":           "calendar links: hashes of their secrets, staff IDs",
	"public.access_log":                "who viewed whose data: staff and subject IDs, route, action (the purpose only of entries written before it was sealed, until the next start seals it)",
	"public.access_log_purposes":       "the purpose a member typed, sealed once per person read, each copy under its own entry key",
	"public.access_log_upgrade_due":    "what the start's sealing of old purposes has left to do: table and key names",
	"public.document_blobs":            "stored documents: IDs, sizes, whose key seals them",
	"public.document_blob_chunks":      "documents' bytes, sealed with the person's or the matter's key",
	"public.document_downloads":        "who downloaded which document: IDs and times",
	"public.gdpr_link_keys":            "the key that signs consent-withdrawal links",
	"public.gdpr_erasure_certificates": "erasure certificates: pseudonyms, counts, key fingerprints",
	"public.gdpr_erasure_mentions":     "where an erased person was named in other records: entry IDs and kinds of mark, never the text",
	"public.gdpr_deletion_log":         "what retention and erasure removed: pseudonyms, categories, rules",
	"public.gdpr_retention_runs":       "when retention ran and how much it removed",
	"public.mail_outbox":               "each e-mail's delivery state: IDs, states, times, error codes (kept so a restore sends nothing again)",
	"public.mail_automatic":            "each matter's automatic messages as last set: IDs, day counts, times (replayed from the log without moving back)",
	"public.mail_campaign_schedules":   "the campaigns scheduled for later: IDs, times, states (replayed from the log without moving back)",
	"public.mail_held":                 "incoming e-mail awaiting review: IDs, reason codes, sizes, times (the message is a document blob under its own key)",
	"public.mail_held_addresses":       "the addresses of incoming e-mail awaiting review, as keyed hashes (HMAC under the key ring's index key): whose access package and erasure reach it",
	"public.webhook_subscriptions":     "webhooks: names, URLs, kinds, staff IDs, each secret sealed by the key ring, where each stands in the feed",
	"public.webhook_deliveries":        "webhook deliveries: event IDs, kinds, response codes, times (kept so a restore sends nothing again)",
	"reporting_private.pseudonym_key":  "the analysts' pseudonym key: kept so pseudonyms stay what they were",
}

// dropped names the tables written directly, not derived from the log,
// whose rows a backup still leaves out, and why.
var dropped = map[string]string{
	"public.credentials_sessions":  "sign-ins last 12 hours at most and hold staff's addresses and browsers: a restore signs everyone out",
	"public.credentials_throttle":  "failed sign-ins, kept for minutes",
	"public.projector_checkpoints": "where each read model stood: a restore rebuilds every read model from the log",
	"public.cdd_sanctions_lists":   "the sanctions lists imported: public files the AML officer imports again after a restore (each screening keeps its list's date and version in the log)",
	"public.cdd_sanctions_names":   "the listed people's and entities' names in the clear, from a public file imported again after a restore",
	"public.cdd_monitoring_runs":   "which imported list every active due-diligence record was screened against: the lists are left out, and a list imported again after a restore is monitored again",
}

// tablesLeftOut lists the tables of the database at url whose rows a
// backup leaves out: every table but the kept ones, schema-qualified and
// quoted for pg_dump's --exclude-table-data. Asking the database, not a
// list, leaves out a read-model table no list knew of.
func tablesLeftOut(ctx context.Context, url string) ([]string, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("backup: list tables: %w", err)
	}
	var out []string
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			return nil, err
		}
		if _, ok := kept[schema+"."+name]; !ok {
			out = append(out, pgx.Identifier{schema, name}.Sanitize())
		}
	}
	return out, rows.Err()
}

// keptOnly rewrites the table of contents that pg_restore --list wrote to
// path so that no table's rows but the kept ones are restored: a backup
// taken before read models were left out (format 1) still holds their
// rows, and those would bring back what an erasure since has blanked,
// next to a rebuild that is about to replace them anyway.
func keptOnly(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var b strings.Builder
	skipped := 0
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		// "3377; 0 16485 TABLE DATA public access_log klient"
		if _, rest, ok := strings.Cut(line, " TABLE DATA "); ok && !strings.HasPrefix(line, ";") {
			f := strings.Fields(rest)
			if len(f) < 2 {
				return 0, fmt.Errorf("restore: an entry of the backup's table of contents does not parse")
			}
			if _, ok := kept[f[0]+"."+f[1]]; !ok {
				line, skipped = ";"+line, skipped+1
			}
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return skipped, os.WriteFile(path, []byte(b.String()), 0o600)
}
