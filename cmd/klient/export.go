package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/subjectexport"
)

const subjectsUsage = "usage: klient subjects export --subject ID [--format json|html] [--lang sv|en] --out FILE [--recipients FILE] [--by STAFF_ID]"

// runSubjects: `klient subjects export` writes a data subject's access
// package (art. 15/20) to a new file, and records the export in the access
// log. It prints counts, never what the package holds.
func runSubjects(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errors.New(subjectsUsage)
	}
	var subject, format, lang, out, recipients, by string
	cfg, _, err := parseConfig("subjects export", args[1:], stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&subject, "subject", "", "the contact's ID")
		fs.StringVar(&format, "format", "json", "json (machine-readable, art. 20) or html (one page to hand over)")
		fs.StringVar(&lang, "lang", "sv", "the package's language: sv or en (the data subject's)")
		fs.StringVar(&out, "out", "", "file to write; it must not exist (the package is personal data)")
		fs.StringVar(&recipients, "recipients", env("KLIENT_RECIPIENTS", ""), "JSON file of the firm's recipients and processors (KLIENT_RECIPIENTS)")
		fs.StringVar(&by, "by", "system-cli", "staff ID recorded in the access log as making the export")
	})
	if err != nil {
		return err
	}
	write, ok := map[string]func(io.Writer, subjectexport.Package, subjectexport.Words) error{"json": subjectexport.WriteJSON, "html": subjectexport.WriteHTML}[format]
	if subject == "" || out == "" || !ok || (lang != string(i18n.Swedish) && lang != string(i18n.English)) {
		return errors.New(subjectsUsage)
	}
	opts, err := exportOptions(recipients)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	opts.HeldMail = a.keyring
	if opts.DueDiligence, err = cddcmd.NewRecords(a.store, a.codec, now); err != nil {
		return err
	}
	opts.Keys = a.keyring
	return a.withProjectors(ctx, func(ctx context.Context) error {
		// Read from the read models: all of them, up to the log.
		if err := a.catchUpAll(ctx); err != nil {
			return err
		}
		p, err := subjectexport.Build(ctx, a.pool, subject, opts)
		if err != nil {
			return err
		}
		words := subjectexport.Words{Lang: lang, Say: i18n.Sayer(i18n.Lang(lang))}
		if err := writeNewFile(out, func(w io.Writer) error { return write(w, p, words) }); err != nil {
			return err
		}
		if err := accesslog.Record(ctx, a.pool, a.keyring, accesslog.Entry{StaffID: by, Subjects: []string{p.Subject.ID},
			Route: "klient subjects export", Action: access.GDPRManage, Purpose: "Registerutdrag (art. 15/20)", Via: accesslog.ViaExport}); err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "wrote %s (%s): %d matters, %d communications, %d documents, %d tasks, %d accesses\n",
			out, format, len(p.Matters), len(p.Communications), len(p.Documents), len(p.Tasks), len(p.Accesses))
		return err
	})
}

// writeNewFile writes the package to path, readable by its owner only,
// never over an existing file.
func writeNewFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("subject export: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}
