package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/gdpr"
	domainmatter "github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/internal/contactimport"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

const importUsage = "usage: klient import contacts FILE --basis BASIS --purpose PURPOSE [--note TEXT] [--map COLUMN=FIELD,…] [--dry-run] [--by STAFF_ID]"

// maxImportFile is the largest file the command reads: the web edge's
// limit for an import's upload is the same.
const maxImportFile = 64 << 20

// runImport: `klient import contacts FILE` reads a CSV or vCard file,
// prints the dry run (counts, and per row its line, what was found and
// the domain's code; never a name), and unless --dry-run imports it with
// a progress bar: each contact registered with the lawful basis given,
// the file named as the source in the basis's sealed note, one line in
// the audit trail. The same file again creates nothing new.
func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) >= 2 && args[0] == "lateral-hire" && !strings.HasPrefix(args[1], "-") {
		return runLateralHire(ctx, args[1], args[2:], stdout)
	}
	if len(args) < 2 || args[0] != "contacts" || strings.HasPrefix(args[1], "-") {
		return errors.New(importUsage + "\n       " + lateralUsage)
	}
	file := args[1]
	var basis, purpose, note, mapping, by string
	var dry bool
	cfg, _, err := parseConfig("import contacts", args[2:], stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&basis, "basis", "", "the lawful basis for every contact: "+basesList())
		fs.StringVar(&purpose, "purpose", "", "the purpose the basis is for (one of the firm's, e.g. client_relationship)")
		fs.StringVar(&note, "note", "", "the balancing test, required for legitimate_interest")
		fs.StringVar(&mapping, "map", "", "columns by name or number to fields, e.g. 'Namn=name,3=personnummer' (others as guessed)")
		fs.BoolVar(&dry, "dry-run", false, "only say what would be done")
		fs.StringVar(&by, "by", "system-cli", "staff ID recorded as making the import")
	})
	if err != nil {
		return err
	}
	data, err := readImportFile(file)
	if err != nil {
		return err
	}
	tab, err := contactimport.Read(data)
	if err != nil {
		return fmt.Errorf("import: %s: %w", file, err)
	}
	m, err := mappingOf(tab, mapping)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	actor := journal.Actor{ID: by}
	im := &contactimport.Importer{Contacts: a.contacts, Subjects: a.subjects, Keys: a.keyring, DB: a.pool}
	batch := contactimport.Batch{Basis: gdpr.Basis(basis), Purpose: purpose, Note: note, FileName: filepath.Base(file)}
	if !dry {
		if err := im.CheckBatch(batch); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	// The read models the dry run reads follow the log while it runs.
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.runtime.Run(runCtx) })
	defer func() { stop(); wg.Wait() }()
	for _, name := range []string{contacts.NewProjector().Name(), gdprmodel.NewProjector().Name()} {
		if err := a.catchUp(ctx, name); err != nil {
			return err
		}
	}
	plan, err := contactimport.DryRun(ctx, a.pool, actor, data, tab, m, time.Now())
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	printPlan(stdout, file, tab, m, plan)
	if dry {
		return nil
	}
	bar := newProgressBar(stdout, "kontakter")
	start := time.Now()
	res, err := im.Run(ctx, actor, plan, batch, func(done, total int) { bar.Update(uint64(done), uint64(total)) })
	if err != nil {
		return fmt.Errorf("import: stopped after %d created: %w", res.Created, err)
	}
	// The contacts are in the lists when the command returns.
	if err := a.runtime.WaitFor(ctx, contacts.NewProjector().Name(), res.Position); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "import %s: %d rows, %d created, %d merged, %d skipped, %d invalid in %s\n",
		res.ImportID, res.Rows, res.Created, res.Merged, res.Skipped, res.Invalid, time.Since(start).Round(100*time.Millisecond))
	return err
}

// readImportFile reads at most maxImportFile bytes, refusing a larger file
// before reading it whole.
func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportFile+1))
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if len(data) > maxImportFile {
		return nil, fmt.Errorf("import: %s is larger than %d MiB, the most one import reads; split it", path, maxImportFile>>20)
	}
	return data, nil
}

func basesList() string {
	var out []string
	for _, b := range gdpr.Bases {
		out = append(out, string(b))
	}
	return strings.Join(out, ", ")
}

// mappingOf is the guessed mapping with --map's changes: a column named
// by its header or its number (from 1) and a field of
// contactimport.Fields ("" or "none" leaves a column out).
func mappingOf(t contactimport.Table, spec string) (contactimport.Mapping, error) {
	m := append(contactimport.Mapping(nil), t.Guess...)
	if strings.TrimSpace(spec) == "" {
		return m, nil
	}
	for _, pair := range strings.Split(spec, ",") {
		col, field, ok := strings.Cut(pair, "=")
		if field == "none" {
			field = ""
		}
		f, known := contactimport.ParseField(strings.TrimSpace(field))
		i := columnOf(t.Header, strings.TrimSpace(col))
		if !ok || !known || i < 0 {
			return nil, fmt.Errorf("import: --map %q: write COLUMN=FIELD with a column of the file (its name or number) and one of %v", pair, contactimport.Fields[1:])
		}
		m[i] = f
	}
	return m, nil
}

func columnOf(header []string, col string) int {
	for i, h := range header {
		if strings.EqualFold(h, col) {
			return i
		}
	}
	var n int
	if _, err := fmt.Sscan(col, &n); err == nil && n >= 1 && n <= len(header) {
		return n - 1
	}
	return -1
}

// printPlan prints the mapping, the counts and the rows that need a look:
// invalid ones with the domain's codes, repeats, likely duplicates with
// the contact's ID. Names stay out: a terminal's scrollback is kept.
func printPlan(w io.Writer, file string, t contactimport.Table, m contactimport.Mapping, p contactimport.Plan) {
	fmt.Fprintf(w, "%s: %s, %s, %d rows (import %s)\n", file, p.Format, p.Encoding, p.Counts.Rows, p.ImportID)
	for i, h := range t.Header {
		if m[i] != contactimport.FieldNone {
			fmt.Fprintf(w, "  column %d %q → %s\n", i+1, h, m[i])
		}
	}
	c := p.Counts
	fmt.Fprintf(w, "new %d, invalid %d, repeated in the file %d, imported before %d, likely duplicates %d, withheld %d\n",
		c.New, c.Invalid, c.Repeated, c.Imported, c.Duplicates, c.Withheld)
	shown := 0
	for _, r := range p.Rows {
		if shown == 50 {
			fmt.Fprintln(w, "  … (the first 50 rows that need a look)")
			break
		}
		switch r.Outcome {
		case contactimport.OutcomeInvalid:
			var codes []string
			for _, pr := range r.Problems {
				codes = append(codes, pr.Code)
			}
			sort.Strings(codes)
			fmt.Fprintf(w, "  line %d: invalid: %s\n", r.Line, strings.Join(codes, ", "))
		case contactimport.OutcomeDuplicate:
			fmt.Fprintf(w, "  line %d: likely contact %s (exact number: %v): skipped\n", r.Line, r.Match.ContactID, r.Match.Exact)
		case contactimport.OutcomeWithheld:
			fmt.Fprintf(w, "  line %d: skipped\n", r.Line)
		default:
			continue
		}
		shown++
	}
}

const contactsUsage = "usage: klient contacts claim-numbers [--by STAFF_ID]"

// runContacts: `klient contacts claim-numbers` claims the personnummer or
// organisationsnummer of every contact that holds one without a claim
// (registered before the claim streams, or imported before imports
// claimed), so the command refuses a second contact with it race-free
// (docs/architecture.md, "One number, one contact"). It may be run again;
// it prints counts and, by ID only, each pair of contacts found holding
// one number (to merge).
func runContacts(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 1 || args[0] != "claim-numbers" {
		return errors.New(contactsUsage)
	}
	var by string
	cfg, _, err := parseConfig("contacts claim-numbers", args[1:], stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&by, "by", "system-cli", "staff ID recorded as making the claims")
	})
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	// The contacts read model lists whom to claim for: it follows the log
	// up to now first.
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.runtime.Run(runCtx) })
	defer func() { stop(); wg.Wait() }()
	if err := a.catchUp(ctx, contacts.NewProjector().Name()); err != nil {
		return err
	}
	ids, err := contacts.WithNumbers(ctx, a.pool)
	if err != nil {
		return err
	}
	actor := journal.Actor{ID: by}
	shared := 0
	for _, id := range ids {
		other, err := a.contacts.ClaimHeldNumber(ctx, actor, id)
		if err != nil {
			return fmt.Errorf("contacts claim-numbers: %s: %w", id, err)
		}
		if other != "" {
			shared++
			fmt.Fprintf(stdout, "one number, two contacts: %s holds the claim, %s has the number too (merge them)\n", other, id)
		}
	}
	fmt.Fprintf(stdout, "%d contacts with a number, each now holding its claim but %d sharing one with another\n", len(ids), shared)
	return nil
}

const lateralUsage = "klient import lateral-hire FILE --staff STAFF_ID|E-MAIL [--by STAFF_ID]"

// runLateralHire: `klient import lateral-hire FILE --staff S` checks a
// newly hired lawyer's list of former clients and matters (issue 14's
// lateral hire, the same CSV the staff member's page takes) against every
// matter and contact, as a matter's parties are checked, and keeps the
// list and the findings with the staff member, sealed. It prints per
// finding the list's row, how it matched and the matter, never a name
// (the report's page names them for who may see them); a bad list is
// refused naming its row, with nothing written.
func runLateralHire(ctx context.Context, file string, args []string, stdout io.Writer) error {
	var member, by string
	cfg, _, err := parseConfig("import lateral-hire", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&member, "staff", "", "the newly hired staff member: ID or sign-in e-mail (required)")
		fs.StringVar(&by, "by", "system-cli", "staff ID recorded as making the check")
	})
	if err != nil {
		return err
	}
	if member == "" {
		return errors.New("usage: " + lateralUsage)
	}
	data, err := readImportFile(file)
	if err != nil {
		return err
	}
	entries, err := domainmatter.ParseLateralList(data, time.Now())
	if err != nil {
		return fmt.Errorf("import lateral-hire: %s: %s", filepath.Base(file), oneLine(err.Error()))
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.withProjectors(ctx, func(ctx context.Context) error {
		for _, name := range []string{"staff", "conflict_index"} {
			if err := a.catchUp(ctx, name); err != nil {
				return err
			}
		}
		staffID, err := a.staffNamed(ctx, member)
		if err != nil {
			return err
		}
		repo, err := mattercmd.NewMatters(a.store, a.codec, time.Now, mattercmd.MatterConfig{})
		if err != nil {
			return err
		}
		checker, err := conflicts.NewChecker(a.pool)
		if err != nil {
			return err
		}
		handler, err := mattercmd.NewConflictCheckHandler(repo, checker, checker)
		if err != nil {
			return err
		}
		report, err := handler.HandleLateralHire(ctx, mattercmd.CheckLateralHire{Actor: journal.Actor{ID: by},
			StaffID: staffID, FileName: filepath.Base(file), Entries: entries})
		if err != nil {
			return fmt.Errorf("import lateral-hire: %s", oneLine(err.Error()))
		}
		fmt.Fprintf(stdout, "checked %d rows of %s against every matter and contact: %d findings (check %s)\n",
			len(entries), filepath.Base(file), len(report.Hits), report.CheckID)
		for _, h := range report.Hits {
			where := "a contact"
			if h.MatterNumber != "" {
				where = "matter " + h.MatterNumber
				if h.Role != "" {
					where += " (" + string(h.Role) + ")"
				}
			}
			fmt.Fprintf(stdout, "  %s: %s match, %s\n", strings.Replace(h.ProbeContactID, "row-", "row ", 1), h.Kind, where)
		}
		return nil
	})
}

// staffNamed finds a staff member by ID or sign-in e-mail; an unknown or
// erased one is refused.
func (a *app) staffNamed(ctx context.Context, idOrEmail string) (string, error) {
	if strings.Contains(idOrEmail, "@") {
		m, found, err := staffmodel.ByEmail(ctx, a.pool, idOrEmail)
		if err != nil {
			return "", err
		}
		if !found || m.Erased {
			return "", errors.New("import lateral-hire: no staff member signs in with that e-mail address")
		}
		return m.ID, nil
	}
	m, err := staffmodel.Get(ctx, a.pool, idOrEmail)
	if err != nil {
		return "", fmt.Errorf("import lateral-hire: %s", oneLine(err.Error()))
	}
	return m.ID, nil
}
